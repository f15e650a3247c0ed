using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace EShop.Silo.Persistence.GrainState;

/// <summary>
/// Grain state in PostgreSQL with group commit. Every read and write is queued; a few writer loops each take whatever
/// has queued up (up to <see cref="GrainStateStoreOptions.MaxBatch"/>) and send it as one batch: one round trip, one
/// implicit transaction, one WAL flush for all of them. Alone, a call goes at once; under load, calls that arrive while
/// a batch is in flight ride the next one, so the database's commits grow with concurrency, not with the calls.
/// </summary>
/// <remarks>
/// A stale write is not an error inside the batch: the update names the version it read and simply touches no row,
/// so one grain's conflict never fails its neighbours. Rows are locked in key order, so two batches never deadlock.
/// An error of the batch itself (no connection, the server gone) fails every call in it, and each grain drops its
/// activation as on any failed write. Connections come from the same pool as the Orleans providers on this
/// database (the connection string is the budgeted one, see <see cref="ShopDatabases"/>).
/// </remarks>
public sealed partial class PostgresGrainStateStore : IGrainStateStore, IAsyncDisposable
{
    private const string Columns = "grain_type = $1 AND grain_key = $2 AND state_name = $3";

    private readonly string _connectionString;
    private readonly GrainStateStoreOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Operation> _queue = Channel.CreateUnbounded<Operation>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Task[] _writers;
    private readonly Counter<long> _batches;
    private readonly Histogram<int> _batchSize;

    public PostgresGrainStateStore(string connectionString, GrainStateStoreOptions options, IMeterFactory meters, ILogger<PostgresGrainStateStore> logger)
    {
        _connectionString = connectionString;
        _options = options;
        _logger = logger;
        var meter = meters.Create(GrainStateMetrics.MeterName);
        _batches = meter.CreateCounter<long>(GrainStateMetrics.Batches, "{batch}", "Round trips of the grain state store (each one transaction).");
        _batchSize = meter.CreateHistogram<int>(GrainStateMetrics.BatchSize, "{operation}", "Reads and writes of grain state carried by one round trip.");
        _writers = [.. Enumerable.Range(0, options.Writers).Select(_ => Task.Run(WriteLoop))];
    }

    /// <summary>Round trips so far (tests and benchmarks count them).</summary>
    public long BatchCount => Interlocked.Read(ref _batchCount);

    private long _batchCount;

    public Task<StoredGrainState?> ReadAsync(GrainStateKey key) => Enqueue(new Read(key));

    public Task<StoreResult> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, bool pending) =>
        Enqueue(new Write(key, payload, expectedVersion, pending));

    public Task<StoreResult> ClearAsync(GrainStateKey key, long expectedVersion) => Enqueue(new Clear(key, expectedVersion));

    public async Task<IReadOnlyList<GrainStateKey>> PendingAsync(TimeSpan idleFor, int limit, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT grain_type, grain_key, state_name FROM eshop_grain_state
            WHERE pending AND modified_at <= now() - $1 ORDER BY modified_at LIMIT $2
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = idleFor });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<GrainStateKey>();
        while (await reader.ReadAsync(cancellationToken))
            due.Add(new GrainStateKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return due;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private Task<T> Enqueue<T>(Operation<T> operation)
    {
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(operation), this);
        return operation.Result;
    }

    private async Task WriteLoop()
    {
        var batch = new List<Operation>(_options.MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var operation))
                batch.Add(operation);
            if (batch.Count == 0)
                continue;
            try
            {
                await Execute(batch);
            }
            catch (Exception ex)
            {
                LogBatchFailed(_logger, ex, batch.Count);
                foreach (var operation in batch)
                    operation.Fail(ex);
            }

            batch.Clear();
        }
    }

    private async Task Execute(List<Operation> batch)
    {
        batch.Sort(static (a, b) => GrainStateKey.LockOrder(a.Key, b.Key));
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var commands = new NpgsqlBatch(connection);
        foreach (var operation in batch)
            commands.BatchCommands.Add(operation.Command());

        // One Sync for the whole batch: PostgreSQL runs it as one implicit transaction, committed (and flushed) once.
        await using (var reader = await commands.ExecuteReaderAsync())
        {
            foreach (var operation in batch)
            {
                await operation.ReadResult(reader);
                await reader.NextResultAsync();
            }
        }

        Interlocked.Increment(ref _batchCount);
        _batches.Add(1);
        _batchSize.Record(batch.Count);
        foreach (var operation in batch)
            operation.Complete();
    }

    private abstract class Operation(GrainStateKey key)
    {
        public GrainStateKey Key { get; } = key;

        public abstract NpgsqlBatchCommand Command();

        /// <summary>Reads this command's result set; the answer is given only once the whole batch has committed.</summary>
        public abstract Task ReadResult(NpgsqlDataReader reader);

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        protected NpgsqlBatchCommand KeyedCommand(string sql)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = Key.GrainType, NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new NpgsqlParameter { Value = Key.GrainKey, NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new NpgsqlParameter { Value = Key.StateName, NpgsqlDbType = NpgsqlDbType.Varchar });
            return command;
        }
    }

    private abstract class Operation<T>(GrainStateKey key) : Operation(key)
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _answer;

        public Task<T> Result => _result.Task;

        protected T Answer { set => _answer = value; }

        public override void Complete() => _result.TrySetResult(_answer!);

        public override void Fail(Exception exception) => _result.TrySetException(exception);
    }

    private sealed class Read(GrainStateKey key) : Operation<StoredGrainState?>(key)
    {
        public override NpgsqlBatchCommand Command() =>
            KeyedCommand($"SELECT payload, version FROM eshop_grain_state WHERE {Columns}");

        public override async Task ReadResult(NpgsqlDataReader reader)
        {
            Answer = await reader.ReadAsync()
                ? new StoredGrainState(reader.GetFieldValue<byte[]>(0), reader.GetInt64(1))
                : null;
        }
    }

    private sealed class Write(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, bool pending) : Operation<StoreResult>(key)
    {
        public override NpgsqlBatchCommand Command()
        {
            var command = KeyedCommand(expectedVersion is null
                ? """
                  INSERT INTO eshop_grain_state (grain_type, grain_key, state_name, payload, version, pending, modified_at)
                  VALUES ($1, $2, $3, $4, 1, $5, now()) ON CONFLICT DO NOTHING RETURNING version
                  """
                : $"""
                  UPDATE eshop_grain_state SET payload = $4, version = version + 1, pending = $5, modified_at = now()
                  WHERE {Columns} AND version = $6 RETURNING version
                  """);
            command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Bytea });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = pending });
            if (expectedVersion is { } version)
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
            return command;
        }

        public override async Task ReadResult(NpgsqlDataReader reader) =>
            Answer = await reader.ReadAsync() ? new StoreResult(true, reader.GetInt64(0)) : new StoreResult(false, null);
    }

    private sealed class Clear(GrainStateKey key, long expectedVersion) : Operation<StoreResult>(key)
    {
        public override NpgsqlBatchCommand Command()
        {
            var command = KeyedCommand($"DELETE FROM eshop_grain_state WHERE {Columns} AND version = $4 RETURNING version");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
            return command;
        }

        public override async Task ReadResult(NpgsqlDataReader reader) =>
            Answer = await reader.ReadAsync() ? new StoreResult(true, null) : new StoreResult(false, null);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "A grain state batch of {Count} operation(s) failed; each of its callers gets the error")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}

/// <summary>How the PostgreSQL grain state store batches (<c>Postgres:StateWriters</c>, <c>Postgres:StateBatch</c>).</summary>
public sealed record GrainStateStoreOptions(int Writers, int MaxBatch);

public static class GrainStateMetrics
{
    public const string MeterName = "EShop.Storage";

    public const string Batches = "eshop.storage.batches";

    public const string BatchSize = "eshop.storage.batch.size";
}
