using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using EShop.Hosting;

namespace EShop.Silo.Persistence;

/// <summary>
/// Group commit for one database. Every statement is queued; a few writer loops each take whatever has queued up
/// (up to <see cref="GroupCommitOptions.MaxBatch"/>) and send it as one batch: one round trip, one implicit
/// transaction, one WAL flush for all of them. Alone, a statement goes at once; under load, statements that arrive
/// while a batch is in flight ride the next one, so the database's commits grow with concurrency, not with calls.
/// </summary>
/// <remarks>
/// Statements must not fail on expected outcomes (a stale grain write simply touches no row), so one caller's
/// conflict never fails its neighbours; they are sorted by <see cref="GroupCommitOperation.LockKey"/> so that two
/// batches lock rows in the same order and never deadlock. An error of the batch itself (no connection, the server
/// gone) fails every statement in it. Every answer is given only once the whole batch has committed. A statement no
/// batch has taken within <see cref="GroupCommitOptions.QueueWait"/> (the database is stuck or far behind) is never
/// sent: it fails with the pool-exhausted error a caller would get waiting for a connection, which the Api sheds as
/// 503 + Retry-After. Connections
/// come from the pool of the (budgeted, see <see cref="ShopDatabases"/>) connection string, shared with the Orleans
/// providers on that database.
/// </remarks>
public sealed partial class GroupCommit : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly GroupCommitOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<GroupCommitOperation> _queue = Channel.CreateUnbounded<GroupCommitOperation>();
    private readonly Task[] _writers;
    private readonly Task _expiry;
    private readonly CancellationTokenSource _stopping = new();

    // The statements in the queue, oldest first, so that those waiting too long are found without scanning it.
    private readonly ConcurrentQueue<GroupCommitOperation> _waiting = new();
    private readonly Counter<long> _batches;
    private readonly Histogram<int> _batchSize;
    private long _batchCount;

    public GroupCommit(string connectionString, GroupCommitOptions options, IMeterFactory meters, ILogger<GroupCommit> logger)
    {
        _connectionString = connectionString;
        _options = options;
        _logger = logger;
        var meter = meters.Create(GroupCommitMetrics.MeterName);
        _batches = meter.CreateCounter<long>(GroupCommitMetrics.Batches, "{batch}", "Round trips of the group commit (each one transaction).");
        _batchSize = meter.CreateHistogram<int>(GroupCommitMetrics.BatchSize, "{statement}", "Statements carried by one round trip.");
        _writers = [.. Enumerable.Range(0, options.Writers).Select(_ => Task.Run(WriteLoop))];
        _expiry = Task.Run(ExpireLoop);
    }

    public string ConnectionString => _connectionString;

    /// <summary>Round trips so far (tests and benchmarks count them).</summary>
    public long BatchCount => Interlocked.Read(ref _batchCount);

    /// <summary>Queues an operation; its task completes once the batch that carried it has committed.</summary>
    public Task<T> Enqueue<T>(GroupCommitOperation<T> operation)
    {
        operation.EnqueuedAt = Environment.TickCount64;
        _waiting.Enqueue(operation);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(operation), this);
        return operation.Result;
    }

    /// <summary>A statement ending in <c>RETURNING</c>, answered with the number of rows it returned.</summary>
    public Task<int> ExecuteAsync(string lockKey, string sql, params object?[] parameters) =>
        Enqueue(new Statement(lockKey, sql, parameters));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
        await _stopping.CancelAsync();
        await _expiry.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task ExpireLoop()
    {
        var wait = (long)_options.QueueWait.TotalMilliseconds;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(wait / 4, 10, 250)));
        while (await timer.WaitForNextTickAsync(_stopping.Token))
        {
            var now = Environment.TickCount64;
            while (_waiting.TryPeek(out var oldest) && (!oldest.IsWaiting || now - oldest.EnqueuedAt >= wait))
            {
                _waiting.TryDequeue(out _);
                if (oldest.TryAbandon())
                    oldest.Fail(new NpgsqlException(
                        $"The connection pool has been exhausted: no group commit took this statement within {_options.QueueWait.TotalSeconds:0.#} s (Postgres:ConnectionWait); the database is slow or unreachable."));
            }
        }
    }

    private async Task WriteLoop()
    {
        var batch = new List<GroupCommitOperation>(_options.MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var operation))
            {
                if (operation.TrySend())
                    batch.Add(operation);
            }

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

    private async Task Execute(List<GroupCommitOperation> batch)
    {
        batch.Sort(static (a, b) => string.CompareOrdinal(a.LockKey, b.LockKey));
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

    private sealed class Statement(string lockKey, string sql, object?[] parameters) : GroupCommitOperation<int>(lockKey)
    {
        public override NpgsqlBatchCommand Command()
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in parameters)
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            return command;
        }

        public override async Task ReadResult(NpgsqlDataReader reader)
        {
            var rows = 0;
            while (await reader.ReadAsync())
                rows++;
            Answer = rows;
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "A group commit of {Count} statement(s) failed; each of its callers gets the error")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}

/// <summary>One statement of a group commit and its answer.</summary>
public abstract class GroupCommitOperation(string lockKey)
{
    /// <summary>Statements are sent in this order (ordinal), so that rows are locked in one order by every batch.</summary>
    public string LockKey { get; } = lockKey;

    private int _stage; // 0: queued, 1: taken by a batch, 2: abandoned (waited too long, never sent)

    internal long EnqueuedAt { get; set; }

    internal bool IsWaiting => Volatile.Read(ref _stage) == 0;

    internal bool TrySend() => Interlocked.CompareExchange(ref _stage, 1, 0) == 0;

    internal bool TryAbandon() => Interlocked.CompareExchange(ref _stage, 2, 0) == 0;

    public abstract NpgsqlBatchCommand Command();

    /// <summary>Reads this statement's result set (every statement must return one: end writes in RETURNING).</summary>
    public abstract Task ReadResult(NpgsqlDataReader reader);

    internal abstract void Complete();

    internal abstract void Fail(Exception exception);
}

public abstract class GroupCommitOperation<T>(string lockKey) : GroupCommitOperation(lockKey)
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _answer;

    public Task<T> Result => _result.Task;

    /// <summary>Set by <see cref="GroupCommitOperation.ReadResult"/>; given to the caller once the batch committed.</summary>
    protected T Answer { set => _answer = value; }

    internal override void Complete() => _result.TrySetResult(_answer!);

    internal override void Fail(Exception exception) => _result.TrySetException(exception);
}

/// <summary>How a group commit batches (<c>Postgres:CommitWriters</c>, <c>Postgres:CommitBatch</c>) and how long a
/// statement may wait for a batch (<c>Postgres:ConnectionWait</c>).</summary>
public sealed record GroupCommitOptions(int Writers, int MaxBatch, TimeSpan QueueWait);

/// <summary>One group commit per database (connection string) of this process.</summary>
public sealed class GroupCommits(GroupCommitOptions options, IMeterFactory meters, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GroupCommit>> _byDatabase = new(StringComparer.Ordinal);

    public GroupCommit For(string connectionString) => Pipe(connectionString, "writes");

    /// <summary>
    /// The database's pipe for reads: its batches change nothing, so their commit flushes no WAL, and a grain activating
    /// does not wait behind a batch of writes that is flushing. A write is answered only once committed, so a read sent
    /// after it (the grain's next activation) sees it.
    /// </summary>
    public GroupCommit ReadsFor(string connectionString) => Pipe(connectionString, "reads");

    private GroupCommit Pipe(string connectionString, string pipe) =>
        _byDatabase.GetOrAdd($"{pipe}\0{connectionString}", _ => new Lazy<GroupCommit>(() => new GroupCommit(connectionString, options, meters, loggers.CreateLogger<GroupCommit>()))).Value;

    public IEnumerable<GroupCommit> All => _byDatabase.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

    public async ValueTask DisposeAsync()
    {
        foreach (var commit in All)
            await commit.DisposeAsync();
    }
}

public static class GroupCommitMetrics
{
    public const string MeterName = "EShop.Storage";

    public const string Batches = "eshop.storage.batches";

    public const string BatchSize = "eshop.storage.batch.size";
}
