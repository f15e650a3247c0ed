using EShop.Grains.Notifications;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace EShop.Grains.Tests.Notifications;

/// <summary>The SMTP sender's circuit breaker, against a loopback server that counts connections.</summary>
public sealed class SmtpCircuitBreakerTests : IAsyncDisposable
{
    private readonly FakeSmtpServer _server = new();
    private readonly List<ServiceProvider> _providers = [];

    private INotificationSender Sender(string breakDuration)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
            ["Notifications:Smtp:Timeout"] = "00:00:05",
            [$"{SmtpResilienceOptions.Section}:MinimumThroughput"] = "2",
            [$"{SmtpResilienceOptions.Section}:FailureRatio"] = "0.5",
            [$"{SmtpResilienceOptions.Section}:BreakDuration"] = breakDuration,
        }).Build();
        var provider = new ServiceCollection().AddLogging().AddNotifications(configuration).BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<INotificationSender>();
    }

    private static Notification Mail(string to = "ada@example.com") =>
        new($"order-{Guid.NewGuid():N}/confirmed", to, "Ada", "Your order", "Confirmed.");

    [Fact]
    public async Task Failed_sends_open_the_circuit_and_then_a_send_fails_at_once_without_connecting()
    {
        var sender = Sender(breakDuration: "00:01:00");
        await Assert.ThrowsAsync<SmtpCommandException>(() => sender.SendAsync(Mail(), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<SmtpCommandException>(() => sender.SendAsync(Mail(), TestContext.Current.CancellationToken));
        Assert.Equal(2, _server.Connections);

        await Assert.ThrowsAsync<BrokenCircuitException>(() => sender.SendAsync(Mail(), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => sender.SendAsync(Mail(), TestContext.Current.CancellationToken));

        Assert.Equal(2, _server.Connections);
    }

    [Fact]
    public async Task After_the_break_one_trial_send_connects_and_a_server_that_recovered_closes_the_circuit()
    {
        var sender = Sender(breakDuration: "00:00:00.500");
        await Assert.ThrowsAsync<SmtpCommandException>(() => sender.SendAsync(Mail(), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<SmtpCommandException>(() => sender.SendAsync(Mail(), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => sender.SendAsync(Mail(), TestContext.Current.CancellationToken));

        _server.Healthy = true;
        await SendOnceTheCircuitLetsThrough(sender);
        await sender.SendAsync(Mail(), TestContext.Current.CancellationToken);

        Assert.Equal(4, _server.Connections);
        Assert.Equal(2, _server.Messages.Count);
    }

    [Fact]
    public async Task Recipients_the_server_refuses_do_not_open_the_circuit()
    {
        _server.Healthy = true;
        var sender = Sender(breakDuration: "00:01:00");
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<SmtpCommandException>(() => sender.SendAsync(Mail($"nobody@{FakeSmtpServer.RefusedDomain}"), TestContext.Current.CancellationToken));

        await sender.SendAsync(Mail(), TestContext.Current.CancellationToken);

        Assert.Equal(4, _server.Connections);
        Assert.Single(_server.Messages);
    }

    private static async Task SendOnceTheCircuitLetsThrough(INotificationSender sender)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await sender.SendAsync(Mail(), TestContext.Current.CancellationToken);
                return;
            }
            catch (BrokenCircuitException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
            await provider.DisposeAsync();
        await _server.DisposeAsync();
    }
}
