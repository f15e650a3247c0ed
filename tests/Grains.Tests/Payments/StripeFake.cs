using System.Collections.Specialized;
using System.Text;
using System.Web;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Payments;
using EShop.Grains.Payments.Stripe;
using EShop.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace EShop.Grains.Tests.Payments;

/// <summary>One Stripe request as the fake saw it: its form fields and its Idempotency-Key.</summary>
internal sealed record StripeCall(NameValueCollection Form, string? IdempotencyKey, string? Authorization);

/// <summary>A local stand-in for api.stripe.com that answers what a test arranges and records what it was sent.</summary>
internal sealed class StripeFake : IDisposable
{
    public const string PaymentIntents = "/v1/payment_intents";
    public const string Refunds = "/v1/refunds";
    public const string SecretKey = "sk_test_fake";

    private readonly List<ServiceProvider> _providers = [];

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// <summary>
    /// The silo's payment services as <see cref="PaymentServices"/> wires them for Stripe, pointed at this fake, with
    /// quick retries and a circuit that stays closed unless <paramref name="settings"/> (keys under
    /// <see cref="StripeResilienceOptions.Section"/>) says otherwise.
    /// </summary>
    public ServiceProvider Services(int maxRetryAttempts = 2, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Payments:Gateway"] = "Stripe",
            [$"{StripeOptions.Section}:SecretKey"] = SecretKey,
            [$"{StripeOptions.Section}:ApiBase"] = Server.Url,
            [$"{StripeResilienceOptions.Section}:MaxRetryAttempts"] = maxRetryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{StripeResilienceOptions.Section}:TotalTimeout"] = "00:00:25",
            [$"{StripeResilienceOptions.Section}:AttemptTimeout"] = "00:00:10",
            [$"{StripeResilienceOptions.Section}:RetryBaseDelay"] = "00:00:00.010",
            [$"{StripeResilienceOptions.Section}:RetryMaxDelay"] = "00:00:00.050",
            [$"{StripeResilienceOptions.Section}:SamplingDuration"] = "00:00:30",
            [$"{StripeResilienceOptions.Section}:MinimumThroughput"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[$"{StripeResilienceOptions.Section}:{key}"] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection().AddLogging().AddMetrics().AddSingleton(ShopClock.System);
        services.AddPayments(configuration, new NamedEnvironment("Testing"));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    public StripePaymentGateway Gateway(int maxRetryAttempts = 2, IReadOnlyDictionary<string, string?>? settings = null) =>
        Services(maxRetryAttempts, settings).GetRequiredService<StripePaymentGateway>();

    public void Answer(string path, int status, string json, string? scenarioState = null, string? nextState = null, TimeSpan? delay = null, (string Name, string Value)? header = null)
    {
        var mapping = Server.Given(Request.Create().WithPath(path).UsingPost());
        if (scenarioState is not null || nextState is not null)
        {
            mapping = mapping.InScenario(path);

            // A mapping waiting for a state wins over the start-state one once that state is reached.
            if (scenarioState is not null)
                mapping = mapping.WhenStateIs(scenarioState).AtPriority(1);
            if (nextState is not null)
                mapping = mapping.WillSetStateTo(nextState);
        }

        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(json);
        if (header is { } extra)
            response = response.WithHeader(extra.Name, extra.Value);
        mapping.RespondWith(delay is { } wait ? response.WithDelay(wait) : response);
    }

    public void AnswerIntent(string status, string intentId = "pi_test_1") =>
        Answer(PaymentIntents, 200, Intent(intentId, status));

    public static string Intent(string id, string status) =>
        $$"""{"id":"{{id}}","object":"payment_intent","status":"{{status}}","amount":1999,"currency":"eur"}""";

    public static string Error(string type, string? code = null, string? declineCode = null, string? intentId = null, string? param = null) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["error"] = new Dictionary<string, object?>
            {
                ["type"] = type,
                ["code"] = code,
                ["decline_code"] = declineCode,
                ["param"] = param,
                ["message"] = $"A {type} from the fake.",
                ["payment_intent"] = intentId is null ? null : new { id = intentId, @object = "payment_intent", status = "requires_payment_method" },
            },
        });

    public IReadOnlyList<StripeCall> Calls(string path) =>
    [
        .. Server.LogEntries
            .Select(e => e.RequestMessage)
            .OfType<WireMock.IRequestMessage>()
            .Where(r => r.Path == path && r.Method == "POST")
            .OrderBy(r => r.DateTime)
            .Select(r => new StripeCall(
                HttpUtility.ParseQueryString(Encoding.UTF8.GetString(r.BodyAsBytes ?? [])),
                Header(r.Headers, "Idempotency-Key"),
                Header(r.Headers, "Authorization"))),
    ];

    public void Dispose()
    {
        _providers.ForEach(p => p.Dispose());
        Server.Dispose();
    }

    private static string? Header(IDictionary<string, WireMock.Types.WireMockList<string>>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.SingleOrDefault();
}
