using Npgsql;
using NpgsqlTypes;

namespace EShop.Silo.Persistence.GrainState;

/// <summary>
/// Grain state in PostgreSQL (table eshop_grain_state), every write a statement of the database's
/// <see cref="GroupCommit"/>, every read one of its read pipe (<paramref name="reads"/>). A write names the version it read and simply touches no row when that version is gone,
/// so a stale writer is refused without failing the other writes of its batch.
/// </summary>
public sealed class PostgresGrainStateStore(GroupCommit commit, GroupCommit reads) : IGrainStateStore
{
    private const string Row = "grain_type = $1 AND grain_key = $2 AND state_name = $3";

    public GroupCommit Commit => commit;

    public Task<StoredGrainState?> ReadAsync(GrainStateKey key) => reads.Enqueue(new Read(key));

    public Task<StoreResult> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, bool pending) =>
        commit.Enqueue(new Write(key, payload, expectedVersion, pending));

    public Task<StoreResult> ClearAsync(GrainStateKey key, long expectedVersion) => commit.Enqueue(new Clear(key, expectedVersion));

    public async Task<IReadOnlyList<GrainStateKey>> PendingAsync(TimeSpan idleFor, int limit, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(commit.ConnectionString);
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

    private static string LockKeyOf(GrainStateKey key) => $"grain\0{key.GrainType}\0{key.GrainKey}\0{key.StateName}";

    private static NpgsqlBatchCommand KeyedCommand(GrainStateKey key, string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = key.GrainType, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = key.GrainKey, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = key.StateName, NpgsqlDbType = NpgsqlDbType.Varchar });
        return command;
    }

    private sealed class Read(GrainStateKey key) : GroupCommitOperation<StoredGrainState?>(LockKeyOf(key))
    {
        public override NpgsqlBatchCommand Command() => KeyedCommand(key, $"SELECT payload, version FROM eshop_grain_state WHERE {Row}");

        public override async Task ReadResult(NpgsqlDataReader reader) =>
            Answer = await reader.ReadAsync() ? new StoredGrainState(reader.GetFieldValue<byte[]>(0), reader.GetInt64(1)) : null;
    }

    private sealed class Write(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, bool pending)
        : GroupCommitOperation<StoreResult>(LockKeyOf(key))
    {
        public override NpgsqlBatchCommand Command()
        {
            var command = KeyedCommand(key, expectedVersion is null
                ? """
                  INSERT INTO eshop_grain_state (grain_type, grain_key, state_name, payload, version, pending, modified_at)
                  VALUES ($1, $2, $3, $4, 1, $5, now()) ON CONFLICT DO NOTHING RETURNING version
                  """
                : $"""
                  UPDATE eshop_grain_state SET payload = $4, version = version + 1, pending = $5, modified_at = now()
                  WHERE {Row} AND version = $6 RETURNING version
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

    private sealed class Clear(GrainStateKey key, long expectedVersion) : GroupCommitOperation<StoreResult>(LockKeyOf(key))
    {
        public override NpgsqlBatchCommand Command()
        {
            var command = KeyedCommand(key, $"DELETE FROM eshop_grain_state WHERE {Row} AND version = $4 RETURNING version");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
            return command;
        }

        public override async Task ReadResult(NpgsqlDataReader reader) =>
            Answer = await reader.ReadAsync() ? new StoreResult(true, null) : new StoreResult(false, null);
    }
}
