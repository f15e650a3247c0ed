using System.Collections.Concurrent;
using EShop.Grains.Payments;
using EShop.Integration.Tests.Infrastructure;
using EShop.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace EShop.Integration.Tests.Recovery;

/// <summary>
/// Two in-process silos on one PostgreSQL database, wired with the shop's own providers, sharing one payment
/// provider and one call gate, so that a test can kill the silo of its choice mid-checkout.
/// </summary>
public sealed class TwoSiloCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private TwoSiloCluster(InProcessTestCluster cluster, string connectionString, CrashedSilos crashed, SharedPaymentGateway gateway, CallGate calls, LogTail log)
    {
        _cluster = cluster;
        ConnectionString = connectionString;
        Crashed = crashed;
        Gateway = gateway;
        Calls = calls;
        Log = log;
    }

    public string ConnectionString { get; }

    public CrashedSilos Crashed { get; }

    public SharedPaymentGateway Gateway { get; }

    /// <summary>Holds chosen calls in the silo that makes them (installed in both silos).</summary>
    public CallGate Calls { get; }

    /// <summary>The silos' warnings and errors, for failure messages.</summary>
    public LogTail Log { get; }

    public IClusterClient Client => _cluster.Client;

    public IReadOnlyList<SiloAddress> Silos => [.. _cluster.Silos.Select(s => s.SiloAddress)];

    public static async Task<TwoSiloCluster> StartAsync(string connectionString)
    {
        var settings = PostgresCluster.Settings(connectionString);
        // Longer than any hold in these tests: a held charge waits for the test, not for its own timeout.
        settings["Payments:GatewayTimeout"] = "00:03:00";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var crashed = new CrashedSilos();
        var gateway = new SharedPaymentGateway(crashed);
        var calls = new CallGate(crashed);
        var log = new LogTail();

        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHost(host =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.Logging.AddProvider(log);
        });
        // A call whose answer died with a silo fails after this, as the Api's HTTP request would, instead of 30 s.
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        builder.ConfigureSilo((_, silo) =>
        {
            // Before AddEShopProviders, which only adds its own gateway when none is registered.
            silo.Services.AddSingleton<IPaymentGateway>(gateway);
            silo.AddIncomingGrainCallFilter<SiloOfCall>();
            silo.AddOutgoingGrainCallFilter(calls);
            silo.AddEShopProviders(configuration, new PostgresCluster.TestEnvironment());
        });

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new TwoSiloCluster(cluster, connectionString, crashed, gateway, calls, log);
    }

    /// <summary>The silo the grain is active on right now, or null when it is active nowhere.</summary>
    public SiloAddress? HostOf(IAddressable grain) =>
        _cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    public SiloAddress Other(SiloAddress silo) => Silos.Single(s => !s.Equals(silo));

    /// <summary>Kills the silo without a graceful stop; its leftover tasks are told that it is dead first.</summary>
    public async Task KillAsync(SiloAddress silo)
    {
        Crashed.Add(silo);
        var handle = _cluster.Silos.Single(s => s.SiloAddress.Equals(silo));
        await _cluster.KillSiloAsync(handle).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>The charges the payments ledger holds for an order.</summary>
    public async Task<long> LedgerChargesAsync(string orderId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM payments_ledger WHERE order_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = orderId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>Neither Development (which would seed demo data) nor Production.</summary>
}

/// <summary>The last warnings and errors of every silo of a test cluster, kept in memory for failure messages.</summary>
public sealed class LogTail : ILoggerProvider
{
    private const int Capacity = 300;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public override string ToString() => _lines.IsEmpty ? "(no warnings logged)" : string.Join('\n', _lines);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity)
            _lines.TryDequeue(out _);
    }

    private sealed class Logger(LogTail tail, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var error = exception is null ? "" : $" | {exception.GetType().Name}: {exception.Message}";
            tail.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{error}");
        }
    }
}
