using System.Globalization;
using EShop.Hosting;
using EShop.Silo.Persistence;
using Npgsql;
using Orleans.Streams;

namespace EShop.Silo.Streaming.EventHubs;

/// <summary>
/// Event-hub read positions in PostgreSQL (eshop_stream_checkpoints, migration V6) instead of Azure Table storage,
/// which this shop does not run: the silo that takes a partition resumes where the last one checkpointed.
/// </summary>
public sealed class PostgresStreamCheckpointerFactory(
    string provider, EventHubsOptions hub, NpgsqlDataSource database, GroupCommits commits, ShopDatabases databases) : IStreamQueueCheckpointerFactory
{
    public Task<IStreamQueueCheckpointer<string>> Create(string partition) => Create(partition, CancellationToken.None);

    public async Task<IStreamQueueCheckpointer<string>> Create(string partition, CancellationToken cancellationToken)
    {
        var key = new CheckpointKey(provider, hub.EventHubName, hub.ConsumerGroup, partition);
        await using var command = database.CreateCommand(
            "SELECT stream_offset FROM eshop_stream_checkpoints WHERE provider = $1 AND hub = $2 AND consumer_group = $3 AND partition_id = $4");
        foreach (var value in new[] { key.Provider, key.Hub, key.ConsumerGroup, key.Partition })
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        var stored = await command.ExecuteScalarAsync(cancellationToken) as string;
        return new PostgresStreamCheckpointer(key, stored, hub.CheckpointInterval, commits.For(databases.MainConnectionString));
    }
}

public sealed record CheckpointKey(string Provider, string Hub, string ConsumerGroup, string Partition);

/// <summary>One partition's position: tracked in memory on every update, written at most once per interval and on flush.</summary>
public sealed class PostgresStreamCheckpointer(CheckpointKey key, string? stored, TimeSpan interval, GroupCommit commit) : IStreamQueueCheckpointer<string>
{
    /// <summary>Event Hubs' "before the first event" (Orleans' EventHubConstants.StartOfStream).</summary>
    public const string StartOfStream = "-1";

    private readonly Lock _gate = new();
    private string _latest = stored ?? StartOfStream;
    private string _persisted = stored ?? StartOfStream;
    private DateTime _nextSaveUtc = DateTime.MinValue;
    private Task _saving = Task.CompletedTask;

    public bool CheckpointExists => stored is not null || _persisted != StartOfStream;

    public Task<string> Load() => Load(CancellationToken.None);

    public Task<string> Load(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_latest);
    }

    public void Update(string offset, DateTime utcNow) => Update(offset, utcNow, CancellationToken.None);

    /// <summary>Best effort and monotonic: an offset before the latest is ignored (a replay never moves it back).</summary>
    public void Update(string offset, DateTime utcNow, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!IsAfter(offset, _latest))
                return;
            _latest = offset;
            if (utcNow < _nextSaveUtc || !_saving.IsCompleted)
                return;
            _nextSaveUtc = utcNow + interval;
            _saving = SaveAsync(offset);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Task saving;
        lock (_gate)
            saving = _saving;
        await saving.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        string latest;
        lock (_gate)
            latest = _latest;
        if (latest != _persisted)
            await SaveAsync(latest).WaitAsync(cancellationToken);
    }

    private async Task SaveAsync(string offset)
    {
        try
        {
            await commit.ExecuteAsync(
                $"stream-checkpoint\0{key.Provider}\0{key.Hub}\0{key.ConsumerGroup}\0{key.Partition}",
                "INSERT INTO eshop_stream_checkpoints (provider, hub, consumer_group, partition_id, stream_offset) VALUES ($1, $2, $3, $4, $5) " +
                "ON CONFLICT (provider, hub, consumer_group, partition_id) DO UPDATE SET stream_offset = excluded.stream_offset, updated_at = now() " +
                "RETURNING 1",
                key.Provider, key.Hub, key.ConsumerGroup, key.Partition, offset);
            _persisted = offset;
        }
        catch (NpgsqlException)
        {
            // Best effort, as checkpoints are: the next update or the flush on shutdown writes it again.
        }
    }

    private static bool IsAfter(string offset, string current) =>
        long.TryParse(offset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var next)
        && long.TryParse(current, NumberStyles.Integer, CultureInfo.InvariantCulture, out var now)
        && next > now;
}
