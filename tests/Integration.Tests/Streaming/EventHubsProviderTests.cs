using Azure.Messaging.EventHubs;
using EShop.Grains.Abstractions.Events;
using EShop.Hosting;
using EShop.Integration.Tests.Infrastructure;
using EShop.Silo.Hosting;
using EShop.Silo.Persistence;
using EShop.Silo.Streaming;
using EShop.Silo.Streaming.EventHubs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using Orleans.Streaming.EventHubs;

namespace EShop.Integration.Tests.Streaming;

/// <summary>
/// Orleans:Streams=EventHubs, as far as it runs without an Azure Event Hubs namespace: the wire format (the adapter
/// Orleans calls on send, on receive and from its cache), the read positions kept in PostgreSQL, and the refusal
/// to start without a hub. Sending to and receiving from a real hub was not run here.
/// </summary>
public sealed class EventHubsProviderTests(PostgresFixture postgres)
{
    private static readonly string[] Folders = ["EShop.Silo.Persistence.Migrations.Orleans", "EShop.Silo.Persistence.Migrations.Shop"];

    private static readonly DomainEvent Placed = new(
        "evt-1", EventTypes.OrderPlaced, "/eshop/orders", "ord_1", new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero),
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", """{"orderId":"ord_1","total":{"amount":1999,"currency":"EUR"}}""");

    [Fact]
    public void An_event_goes_out_as_the_same_cloud_event_as_on_kafka_and_comes_back_through_orleans_cache_unchanged()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var adapter = new CloudEventHubDataAdapter(services.GetRequiredService<Serializer>());
        var streamId = StreamId.Create(EventStreams.Orders, "ord_1");

        var sent = adapter.ToQueueMessage(streamId, [Placed], token: null, requestContext: null);

        Assert.Equal(CloudEventCodec.Encode(Placed), sent.EventBody.ToArray());
        Assert.Equal(CloudEventCodec.ContentType, sent.ContentType);
        Assert.Equal("ord_1", adapter.GetPartitionKey(streamId));

        // As the hub hands it back: same body and properties, now with a partition key, offset and sequence number.
        var received = EventHubsModelFactory.EventData(sent.EventBody, sent.Properties, partitionKey: adapter.GetPartitionKey(streamId),
            sequenceNumber: 42, offsetString: "4200", enqueuedTime: Placed.Time);
        var position = adapter.GetStreamPosition("0", received);
        Assert.Equal(streamId, position.StreamId);
        var cached = adapter.FromQueueMessage(position, received, DateTime.UtcNow, size => new ArraySegment<byte>(new byte[size]));
        var delivered = adapter.GetBatchContainer(ref cached);

        Assert.Equal(streamId, delivered.StreamId);
        var (item, token) = Assert.Single(delivered.GetEvents<DomainEvent>());
        Assert.Equal(Placed, item);
        Assert.Equal(42, token.SequenceNumber);
        Assert.Equal("4200", adapter.GetOffset(cached));
    }

    [Fact]
    public async Task A_partitions_read_position_survives_in_postgres_and_never_moves_back()
    {
        var database = await postgres.NewDatabaseAsync();
        DatabaseMigrator.Migrate(database, Folders);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:eshop"] = database }).Build();
        var databases = ShopDatabases.From(configuration);
        await using var source = NpgsqlDataSource.Create(databases.MainConnectionString);
        await using var commits = new GroupCommits(new GroupCommitOptions(1, 16, TimeSpan.FromSeconds(15)), new NoMeters(), NullLoggerFactory.Instance);
        var hub = new EventHubsOptions { ConnectionString = "unused", EventHubName = "eshop", ConsumerGroup = "shop-a", CheckpointInterval = TimeSpan.FromMinutes(1) };
        var factory = new PostgresStreamCheckpointerFactory("events", hub, source, commits, databases);
        var now = DateTime.UtcNow;
        var cancellation = TestContext.Current.CancellationToken;

        var first = await factory.Create("0", cancellation);
        Assert.False(first.CheckpointExists);
        Assert.Equal(PostgresStreamCheckpointer.StartOfStream, await first.Load(cancellation));
        first.Update("100", now, cancellation);
        first.Update("250", now.AddSeconds(1), cancellation); // within the interval: kept in memory only...
        first.Update("200", now.AddSeconds(2), cancellation); // ...and an older offset never moves it back
        await first.FlushAsync(cancellation); // the shutdown flush writes the latest

        var resumed = await factory.Create("0", cancellation);
        Assert.True(resumed.CheckpointExists);
        Assert.Equal("250", await resumed.Load(cancellation));
        Assert.Equal(PostgresStreamCheckpointer.StartOfStream, await (await factory.Create("1", cancellation)).Load(cancellation));
        var otherGroup = new PostgresStreamCheckpointerFactory("events", new EventHubsOptions { EventHubName = "eshop", ConsumerGroup = "shop-b" }, source, commits, databases);
        Assert.False((await otherGroup.Create("0", cancellation)).CheckpointExists);
    }

    [Theory]
    [InlineData(null, "eshop", "EventHubs:ConnectionString is required")]
    [InlineData("Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=x", null, "EventHubs:EventHubName is required")]
    [InlineData("Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=x", "not a hub", "is not an event hub name")]
    public void A_silo_on_event_hubs_without_a_usable_hub_refuses_to_start_saying_what_is_missing(string? connectionString, string? hubName, string reason)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Streams"] = "EventHubs",
            ["EventHubs:ConnectionString"] = connectionString,
            ["EventHubs:EventHubName"] = hubName,
        }).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddEShopProviders(builder.Configuration, builder.Environment));
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(StartupRefusal.Reasons(error), r => r.Contains(reason, StringComparison.Ordinal));
    }

    private sealed class NoMeters : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
