using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// The silo's one Kafka consumer, owned by one background thread: librdkafka runs threads per client and per
/// broker, so a consumer per queue (dozens per silo) would cost hundreds of threads. Queue receivers ask it to
/// add or remove their partition; it routes every message into its partition's buffer and commits what Orleans
/// delivered. It is only ever assigned partitions, never subscribed: Orleans' queue balancer decides which silo
/// reads which partition, and the consumer group only keeps the committed offsets.
/// </summary>
/// <remarks>All librdkafka calls on the consumer happen on the poll thread; other threads talk to it through queues.</remarks>
internal sealed partial class KafkaConsumerLoop(KafkaClients clients, KafkaMeters meters, ILogger<KafkaConsumerLoop> logger) : IDisposable
{
    private const int BufferCapacity = 1000;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentQueue<Command> _commands = new();
    private readonly ConcurrentDictionary<TopicPartition, long> _commits = new();
    private readonly ManualResetEventSlim _wake = new();
    private readonly Dictionary<TopicPartition, PartitionState> _assigned = [];
    private readonly Lock _gate = new();
    private IConsumer<string?, byte[]>? _consumer;
    private Thread? _thread;
    private volatile bool _stopping;

    /// <summary>Starts reading a partition from its committed offset (the earliest without one).</summary>
    public async Task<KafkaPartitionBuffer> AssignAsync(TopicPartition partition)
    {
        var command = new Command(partition, Assign: true);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_thread is null)
            {
                // Made on the caller's thread, so that a client that cannot be made fails the queue's start.
                _consumer = clients.CreateConsumer(logger);
                _thread = new Thread(Run) { IsBackground = true, Name = "eshop-kafka-consumer" };
                _thread.Start();
            }

            _commands.Enqueue(command);
        }

        _wake.Set();
        return await command.Done.Task ?? throw new InvalidOperationException($"The Kafka consumer did not assign {partition}.");
    }

    /// <summary>Stops reading a partition; what its buffer still holds is dropped (it was never committed).</summary>
    public Task UnassignAsync(TopicPartition partition)
    {
        var command = new Command(partition, Assign: false);
        lock (_gate)
        {
            if (_thread is null || _stopping)
                return Task.CompletedTask;
            _commands.Enqueue(command);
        }

        _wake.Set();
        return command.Done.Task;
    }

    /// <summary>Commits <paramref name="nextOffset"/> (the offset after the newest delivered message) soon, off the caller's thread.</summary>
    public void Commit(TopicPartition partition, long nextOffset)
    {
        _commits.AddOrUpdate(partition, nextOffset, (_, pending) => Math.Max(pending, nextOffset));
        if (!_stopping)
            _wake.Set();
    }

    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            if (_stopping)
                return;
            _stopping = true;
            thread = _thread;
        }

        _wake.Set();
        if (thread is null || thread.Join(JoinTimeout))
            _wake.Dispose();
    }

    private void Run()
    {
        using var consumer = _consumer!;
        while (!_stopping)
        {
            try
            {
                Turn(consumer);
            }
            catch (ConsumeException error)
            {
                OnConsumeError(error);
            }
            catch (KafkaException error)
            {
                LogPollFailed(logger, error);
            }
#pragma warning disable CA1031 // An exception escaping this thread would end the process: log it, pause, go on.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, error);
                Thread.Sleep(IdleWait);
            }
        }

        CommitPending(consumer, force: true);
        while (_commands.TryDequeue(out var command))
            command.Done.TrySetResult(null);
        try
        {
            consumer.Close();
        }
        catch (KafkaException error)
        {
            LogPollFailed(logger, error);
        }
    }

    private void Turn(IConsumer<string?, byte[]> consumer)
    {
        CommitPending(consumer, force: false);
        RunCommands(consumer);
        Maintain(consumer);
        if (_assigned.Count == 0)
        {
            _wake.Wait(IdleWait);
            _wake.Reset();
            return;
        }

        var result = consumer.Consume(PollTimeout);
        if (result is { IsPartitionEOF: false })
            meters.Consumed(result.Topic);
        if (result is { IsPartitionEOF: false } && _assigned.TryGetValue(result.TopicPartition, out var state)
            && state.Buffer.Add(result) && !state.Paused)
        {
            consumer.Pause([result.TopicPartition]);
            state.Paused = true;
        }
    }

    private void RunCommands(IConsumer<string?, byte[]> consumer)
    {
        while (_commands.TryDequeue(out var command))
        {
            try
            {
                command.Done.TrySetResult(command.Assign ? Assign(consumer, command.Partition) : Unassign(consumer, command.Partition));
            }
#pragma warning disable CA1031 // The failure belongs to the receiver that asked; the poll thread goes on.
            catch (Exception error)
#pragma warning restore CA1031
            {
                command.Done.TrySetException(error);
            }
        }
    }

    private sealed record Command(TopicPartition Partition, bool Assign)
    {
        public TaskCompletionSource<KafkaPartitionBuffer?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consumer call failed; polling goes on")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
