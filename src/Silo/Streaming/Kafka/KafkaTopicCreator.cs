using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// Creates the provider's missing topics at start-up (<c>Kafka:CreateTopics</c>), best effort: an unreachable
/// or refusing cluster is logged and start-up goes on, waiting for it a few seconds at most. Topics are created
/// with the admin API, or, where that fails (librdkafka's mock cluster has no controller to answer it), by
/// asking the producer for their metadata, which creates them where the brokers auto-create topics.
/// </summary>
internal sealed partial class KafkaTopicCreator(KafkaClients clients, ILogger<KafkaTopicCreator> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(4);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(KafkaTopicCreator), ServiceLifecycleStage.RuntimeServices, OnStartAsync);

    private async Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (!clients.Options.CreateTopics)
            return;
        var creation = Task.Run(CreateMissingTopics, CancellationToken.None);
        if (await Task.WhenAny(creation, Task.Delay(StartupWait, cancellationToken)) != creation)
            LogStillCreating(logger, StartupWait);
    }

    private async Task CreateMissingTopics()
    {
        var options = clients.Options;
        var topics = new KafkaTopics(options).All;
        try
        {
            using var admin = clients.CreateAdminClient();
            var existing = admin.GetMetadata(RequestTimeout).Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic);
            foreach (var topic in topics.Where(existing.ContainsKey))
                WarnIfPartitionsDiffer(topic, existing[topic].Partitions.Count);
            var missing = topics.Where(t => !existing.ContainsKey(t)).ToList();
            if (missing.Count == 0)
                return;
            if (options.IsMock || !await TryCreateAsync(admin, missing, options.Partitions))
                AutoCreate(missing);
        }
        catch (KafkaException error)
        {
            LogUnreachable(logger, error.Error.Code, error.Error.Reason);
        }
#pragma warning disable CA1031 // Best effort, off the start-up path: whatever fails is logged, nothing is thrown.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogCreateFailed(logger, error.Message);
        }
    }

    private async Task<bool> TryCreateAsync(IAdminClient admin, List<string> missing, int partitions)
    {
        try
        {
            // Replication factor -1: the brokers' default.
            await admin.CreateTopicsAsync(
                missing.Select(topic => new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = -1 }),
                new CreateTopicsOptions { RequestTimeout = RequestTimeout, OperationTimeout = RequestTimeout });
            LogCreated(logger, missing, partitions);
            return true;
        }
        catch (CreateTopicsException error)
        {
            var failed = error.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists)).ToList();
            if (failed.Count == 0)
                return true;
            LogCreateFailed(logger, string.Join("; ", failed.Select(r => $"{r.Topic}: {r.Error.Reason}")));
            return false;
        }
        catch (KafkaException error)
        {
            LogCreateFailed(logger, error.Error.Reason);
            return false;
        }
    }

    private void AutoCreate(List<string> missing)
    {
        using var metadata = new DependentAdminClientBuilder(clients.Producer.Handle).Build();
        foreach (var topic in missing)
        {
            var found = metadata.GetMetadata(topic, RequestTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
            if (found is { Error.Code: ErrorCode.NoError, Partitions.Count: > 0 })
            {
                LogAutoCreated(logger, topic, found.Partitions.Count);
                WarnIfPartitionsDiffer(topic, found.Partitions.Count);
            }
            else
            {
                LogCreateFailed(logger, $"{topic}: {found?.Error.Reason ?? "no metadata"}");
            }
        }
    }

    private void WarnIfPartitionsDiffer(string topic, int partitions)
    {
        if (partitions != clients.Options.Partitions)
            LogPartitionsDiffer(logger, topic, partitions, clients.Options.Partitions);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the Kafka topics {Topics} with {Partitions} partitions")]
    private static partial void LogCreated(ILogger logger, IEnumerable<string> topics, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Kafka topic {Topic} was auto-created with {Partitions} partitions")]
    private static partial void LogAutoCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating Kafka topics failed: {Reason}")]
    private static partial void LogCreateFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Kafka topic {Topic} has {Partitions} partitions, not Kafka:Partitions ({Expected}): streams of missing partitions cannot be written, extra partitions are not read")]
    private static partial void LogPartitionsDiffer(ILogger logger, string topic, int partitions, int expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka is unreachable ({Code}: {Reason}); topics were not checked or created, start-up goes on")]
    private static partial void LogUnreachable(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka topics are still being created after {Wait}; start-up goes on")]
    private static partial void LogStillCreating(ILogger logger, TimeSpan wait);
}
