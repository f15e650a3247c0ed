using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Events;
using EShop.Grains.Inventory;
using EShop.Grains.Notifications;
using EShop.Grains.Orders;
using EShop.Grains.Payments;
using EShop.Silo.Hosting;
using EShop.Tests.Doubles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace EShop.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process silo for the whole <see cref="SharedCluster"/>, wired with the shop's own providers and a
/// shop clock that only moves when a test advances <see cref="Time"/>. Tests share it through fresh ids.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Signs the Stripe webhooks the silo accepts.</summary>
    public const string WebhookSecret = "whsec_grains_tests_0123456789";

    private InProcessTestCluster? _cluster;

    /// <summary>The shop's time inside the silo; Orleans' own timers keep running on the real clock.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Holds chosen grain calls open so that a test can act while another save is in flight.</summary>
    public CallPauses Pauses { get; } = new();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IClusterClient Client => Cluster.Client;

    /// <summary>Crashes chosen orders right after chosen saga steps.</summary>
    public CrashOnce Faults { get; } = new();

    /// <summary>The silo's payment gateway: simulated, with a way to hold a payment at the provider.</summary>
    public HoldingGateway Gateway => _cluster!.Silos[0].ServiceProvider.GetRequiredService<IPaymentGateway>() as HoldingGateway
        ?? throw new InvalidOperationException("The silo's gateway is not the holding gateway.");

    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    /// <summary>A sku's stock as the storage provider holds it, not as its activation answers it.</summary>
    public async Task<StockLevel> StoredStockAsync(string sku)
    {
        var storage = SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Inventory);
        var state = new GrainState<InventoryState>(new InventoryState());
        await storage.ReadStateAsync("inventory", Client.GetGrain<IInventoryGrain>(sku).GetGrainId(), state);
        return state.State!.Level;
    }

    /// <summary>An order as the storage provider holds it, not as its activation answers it.</summary>
    public async Task<OrderState> StoredOrderAsync(string orderId)
    {
        var storage = SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Orders);
        var state = new GrainState<OrderState>(new OrderState());
        await storage.ReadStateAsync("order", Client.GetGrain<IOrderGrain>(orderId).GetGrainId(), state);
        return state.State!;
    }

    /// <summary>Every event the streams delivered, as a consumer outside the shop sees them.</summary>
    public EventLog Events { get; } = new();

    /// <summary>Kills chosen activations between writing an event and publishing it.</summary>
    public CrashBeforePublish PublishFaults { get; } = new();

    public RecordingNotificationSender Notifications { get; } = new();

    /// <summary>Fails chosen payment, inventory and order writes once.</summary>
    public StorageFaults StorageFaults { get; } = new();

    /// <summary>The silo's payments ledger, which can fail a chosen order's charge record once.</summary>
    public FaultyLedger Ledger { get; } = new();

    /// <summary>Sagas, sweeps and the outbox tick every second, so that tests see retries and timeouts within seconds.</summary>
    internal static readonly Dictionary<string, string?> QuickTicks = new(StringComparer.Ordinal)
    {
        ["Orleans:MinimumReminderPeriod"] = "00:00:01",
        ["Orders:TickInterval"] = "00:00:01",
        ["Inventory:SweepInterval"] = "00:00:01",
        ["Outbox:RetryDelay"] = "00:00:00.100",
        ["Outbox:MaxRetryDelay"] = "00:00:00.500",
        ["Outbox:ReminderPeriod"] = "00:00:01",
        ["Privacy:PurgeInterval"] = "00:00:01",
    };

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Seed:Enabled"] = "false",
                // Outside Development (tests run in Testing) the simulated gateway must be chosen by name.
                ["Payments:Gateway"] = "Simulated",
                ["Payments:GatewayTimeout"] = "00:01:00",
                ["Payments:Stripe:WebhookSecret"] = WebhookSecret,
                ["Outbox:DropWriteDelay"] = "00:00:00.200",
                ["Privacy:ShippedAddressRetention"] = "30.00:00:00",
            })
            .AddInMemoryCollection(QuickTicks)
            .Build();
        var environment = new TestingEnvironment();

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureHost(host =>
        {
            host.Environment.EnvironmentName = TestingEnvironment.Name;
            host.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            // Before AddEShopProviders: it only adds the system clock when no ShopClock is registered yet.
            silo.Services.AddSingleton(new ShopClock(Time));
            silo.AddOutgoingGrainCallFilter(Pauses);
            silo.Services.AddSingleton<ISagaFaults>(Faults);
            silo.Services.AddSingleton(Events);
            silo.Services.AddSingleton<IOutboxFaults>(PublishFaults);
            silo.Services.AddSingleton<INotificationSender>(Notifications);
            silo.Services.AddSingleton<IPaymentGateway>(sp => new HoldingGateway(sp.GetRequiredService<SimulatedPaymentGateway>()));
            silo.Services.AddSingleton<IPaymentLedger>(Ledger);
            silo.AddEShopProviders(configuration, environment);
            FaultyGrainStorage.Decorate(silo.Services, StorageFaults, StorageNames.Payments, StorageNames.Inventory, StorageNames.Orders, StorageNames.Catalog);
        });

        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        Events.ThrowOnContractBreaks();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "EShop cluster";
}
