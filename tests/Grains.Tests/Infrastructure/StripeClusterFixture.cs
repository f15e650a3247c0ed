using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Events;
using EShop.Grains.Notifications;
using EShop.Grains.Payments;
using EShop.Grains.Payments.Stripe;
using EShop.Grains.Tests.Payments;
using EShop.Silo.Hosting;
using EShop.Tests.Doubles;
using EShop.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace EShop.Grains.Tests.Infrastructure;

/// <summary>
/// One silo that charges through the real Stripe gateway and its resilience pipeline, against a stateful Stripe fake
/// (<see cref="StripeLedgerFake"/>, which also sends the webhooks) with <see cref="Faults"/> injected under the
/// pipeline. Short timeouts and a quick breaker keep the tests within seconds; shop time is <see cref="Time"/>.
/// </summary>
public sealed class StripeClusterFixture : IAsyncLifetime
{
    private const string WebhookSecret = "whsec_stripe_cluster_0123456789";

    private InProcessTestCluster? _cluster;

    internal StripeLedgerFake Stripe { get; } = new();

    public StripeFaults Faults { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("The cluster has not started.")).Client;

    public PaymentGatewayMetrics Metrics => _cluster!.Silos[0].ServiceProvider.GetRequiredService<PaymentGatewayMetrics>();

    public EventLog Events { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Seed:Enabled"] = "false",
                ["Payments:Gateway"] = "Stripe",
                ["Payments:Stripe:SecretKey"] = StripeFake.SecretKey,
                ["Payments:Stripe:ApiBase"] = Stripe.Server.Url,
                ["Payments:Stripe:WebhookSecret"] = WebhookSecret,
                ["Payments:GatewayTimeout"] = "00:00:05",
                ["Payments:RetryInterval"] = "00:00:01",
                [$"{StripeResilienceOptions.Section}:TotalTimeout"] = "00:00:04",
                [$"{StripeResilienceOptions.Section}:AttemptTimeout"] = "00:00:01",
                [$"{StripeResilienceOptions.Section}:MaxRetryAttempts"] = "2",
                [$"{StripeResilienceOptions.Section}:RetryBaseDelay"] = "00:00:00.050",
                [$"{StripeResilienceOptions.Section}:RetryMaxDelay"] = "00:00:00.200",
                [$"{StripeResilienceOptions.Section}:FailureRatio"] = "0.6",
                [$"{StripeResilienceOptions.Section}:MinimumThroughput"] = "4",
                [$"{StripeResilienceOptions.Section}:SamplingDuration"] = "00:00:02",
                [$"{StripeResilienceOptions.Section}:BreakDuration"] = "00:00:01",
            })
            .AddInMemoryCollection(ClusterFixture.QuickTicks)
            .Build();

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureHost(host =>
        {
            host.Environment.EnvironmentName = TestingEnvironment.Name;
            host.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(new ShopClock(Time));
            silo.Services.AddSingleton(Events);
            silo.Services.AddSingleton<INotificationSender>(new RecordingNotificationSender());
            silo.AddEShopProviders(configuration, new TestingEnvironment());

            // Added after the resilience handler, so under it: every attempt meets the faults.
            silo.Services.AddHttpClient(StripeHttp.ClientName).AddHttpMessageHandler(() => new StripeFaultHandler(Faults));
        });

        _cluster = builder.Build();
        await _cluster.DeployAsync();
        Stripe.Deliver = DeliverWebhook;
    }

    private async Task DeliverWebhook(string body)
    {
        var signature = StripeSignatures.Sign(body, WebhookSecret, Time.GetUtcNow());
        var receipt = await Client.GetGrain<IStripeWebhookGrain>(0).Receive(body, signature);
        if (receipt.Outcome == WebhookOutcome.Refused)
            throw new InvalidOperationException($"The shop refused a webhook: {receipt.Detail}");
    }

    public async ValueTask DisposeAsync()
    {
        Faults.Reset();
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        Stripe.Dispose();
        Events.ThrowOnContractBreaks();
    }
}

[CollectionDefinition(Name)]
public sealed class StripeCluster : ICollectionFixture<StripeClusterFixture>
{
    public const string Name = "EShop cluster on a Stripe fake";
}
