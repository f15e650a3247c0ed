using EShop.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using EShop.Hosting;

namespace EShop.Silo.Hosting;

/// <summary>Says once, at start-up, which providers this silo runs on.</summary>
internal sealed partial class ProviderReport(EShopOrleansOptions options, ILogger<ProviderReport> logger) : IHostedService
{
    private static readonly string Contexts = string.Join(", ", StorageNames.Contexts);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var clustering = options.Storage == StorageKind.Memory ? "Localhost" : options.Storage.ToString();
        LogProviders(logger, clustering, options.Storage, Contexts, options.Storage, options.Streams);
        if (options.Storage == StorageKind.Memory)
            LogMemoryWarning(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "EShop silo providers: clustering={Clustering}, storage={Storage} ({Contexts}), reminders={Reminders}, streams={Streams}")]
    private static partial void LogProviders(ILogger logger, string clustering, StorageKind storage, string contexts, StorageKind reminders, StreamsKind streams);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Grain state, reminders and streams are held in memory: everything is lost when this process exits. Set Orleans:Storage for durable state.")]
    private static partial void LogMemoryWarning(ILogger logger);
}
