using System.Net;
using EShop.Tests.Shared;
using Microsoft.AspNetCore.Hosting;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// The Api with Kafka streams on a real (librdkafka mock) cluster whose bootstrap address is a gate the tests
/// control: the brokers can go away and come back at the same address, as a restarted cluster does.
/// </summary>
public sealed class BrokerApiFactory : ApiFactory
{
    private readonly TcpGate _gate = new();
    private MockKafka _brokers = MockKafka.Start();

    public BrokerApiFactory() => _gate.Open(FirstBroker(_brokers));

    /// <summary>Stops every broker and closes their address: no client reaches Kafka any more.</summary>
    public async Task StopBrokersAsync()
    {
        await _gate.CloseAsync();
        _brokers.Dispose();
    }

    /// <summary>A fresh cluster behind the same bootstrap address.</summary>
    public void StartBrokers()
    {
        _brokers = MockKafka.Start();
        _gate.Open(FirstBroker(_brokers));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _gate.DisposeAsync();
        _brokers.Dispose();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Orleans:Streams", "Kafka");
        builder.UseSetting("Kafka:BootstrapServers", _gate.Address);
        builder.UseSetting("Kafka:FetchWaitMax", "00:00:00.010");
    }

    private static string FirstBroker(MockKafka brokers) => brokers.BootstrapServers.Split(',')[0];
}

public sealed class BrokerHealthApiTests(BrokerApiFactory factory) : IClassFixture<BrokerApiFactory>
{
    [Fact]
    public async Task Ready_follows_the_kafka_brokers_while_live_stays_up()
    {
        using var http = factory.Client();
        await ReadyIs(http, HttpStatusCode.OK, "ready with the brokers up");

        await factory.StopBrokersAsync();
        var down = await ReadyIs(http, HttpStatusCode.ServiceUnavailable, "unready with the brokers gone");
        var live = await http.GetAsync("/health/live");

        Assert.Equal("Unhealthy", down);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        factory.StartBrokers();
        var back = await ReadyIs(http, HttpStatusCode.OK, "ready again with the brokers back");

        Assert.Equal("Healthy", back);
    }

    private static async Task<string> ReadyIs(HttpClient http, HttpStatusCode status, string what)
    {
        var response = await ApiClients.Until(() => http.GetAsync("/health/ready"), r => r.StatusCode == status, what);
        return await response.Content.ReadAsStringAsync();
    }
}
