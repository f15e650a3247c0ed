using EShop.Integration.Tests.Infrastructure;
using EShop.Integration.Tests.Recovery;
using EShop.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace EShop.Integration.Tests.Streaming;

/// <summary>In-process test clusters whose "events" stream provider is the shop's Kafka provider, on memory storage.</summary>
internal static class KafkaCluster
{
    /// <summary>The configuration a silo gets: Kafka streams at <paramref name="bootstrapServers"/>, its own topics and group.</summary>
    public static Dictionary<string, string?> Settings(string bootstrapServers, string topicPrefix, string consumerGroup) =>
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["Seed:Enabled"] = "false",
            // Outside Development (tests run in Testing) the simulated gateway must be chosen by name.
            ["Payments:Gateway"] = "Simulated",
            ["Orleans:Streams"] = "Kafka",
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:TopicPrefix"] = topicPrefix,
            ["Kafka:ConsumerGroup"] = consumerGroup,
            // The mock cluster holds every fetch this long when there is nothing to read: it bounds the latency.
            ["Kafka:FetchWaitMax"] = "00:00:00.010",
            ["Kafka:MessageTimeout"] = "00:00:10",
        };

    /// <summary>A unique topic prefix, so that clusters never read each other's topics.</summary>
    public static string NewTopicPrefix() => $"it-{Guid.NewGuid():N}"[..15] + ".";

    /// <param name="settings">The silos' configuration.</param>
    /// <param name="silos">How many silos.</param>
    /// <param name="log">Collects the warnings.</param>
    /// <param name="services">Registered before the shop's own services, so that they replace the defaults (test doubles).</param>
    public static async Task<InProcessTestCluster> StartAsync(
        IReadOnlyDictionary<string, string?> settings, short silos, LogTail log, Action<IServiceCollection>? services = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHost(host =>
        {
            host.Environment.EnvironmentName = PostgresCluster.TestEnvironment.Name;
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.Logging.AddProvider(log);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            services?.Invoke(silo.Services);
            silo.AddEShopProviders(configuration, new PostgresCluster.TestEnvironment());
        });

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
