using System.Collections.Concurrent;

namespace EShop.Silo.Persistence.GrainState;

/// <summary>
/// Grain state in this process's memory (memory mode: one silo, nothing survives it). Same contract as PostgreSQL:
/// versions, stale writers refused, pending marks; the payload is copied, so a grain never shares objects with storage.
/// </summary>
public sealed class MemoryGrainStateStore(TimeProvider time) : IGrainStateStore
{
    private sealed record Row(byte[] Payload, long Version, DateTimeOffset ModifiedAt);

    private readonly ConcurrentDictionary<GrainStateKey, Row> _rows = new();

    // The pending rows apart, so that the recovery loop never scans every grain.
    private readonly ConcurrentDictionary<GrainStateKey, DateTimeOffset> _pending = new();

    public Task<StoredGrainState?> ReadAsync(GrainStateKey key) =>
        Task.FromResult(_rows.TryGetValue(key, out var row) ? new StoredGrainState(row.Payload, row.Version) : null);

    public Task<StoreResult> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, bool pending)
    {
        var next = new Row(payload.ToArray(), (expectedVersion ?? 0) + 1, time.GetUtcNow());
        // Replaced only if the row is still the one the writer read: compare-and-swap on the whole row.
        var applied = expectedVersion is null
            ? _rows.TryAdd(key, next)
            : _rows.TryGetValue(key, out var current) && current.Version == expectedVersion && _rows.TryUpdate(key, next, current);
        if (!applied)
            return Task.FromResult(Refused(key));
        if (pending)
            _pending[key] = next.ModifiedAt;
        else
            _pending.TryRemove(key, out _);
        return Task.FromResult(new StoreResult(true, next.Version));
    }

    public Task<StoreResult> ClearAsync(GrainStateKey key, long expectedVersion)
    {
        if (_rows.TryGetValue(key, out var current) && current.Version == expectedVersion
            && _rows.TryRemove(new KeyValuePair<GrainStateKey, Row>(key, current)))
        {
            _pending.TryRemove(key, out _);
            return Task.FromResult(new StoreResult(true, null));
        }

        return Task.FromResult(Refused(key));
    }

    public Task<IReadOnlyList<GrainStateKey>> PendingAsync(TimeSpan idleFor, int limit, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - idleFor;
        IReadOnlyList<GrainStateKey> due =
        [
            .. _pending.Where(p => p.Value <= before)
                .OrderBy(p => p.Value)
                .Take(limit)
                .Select(r => r.Key),
        ];
        return Task.FromResult(due);
    }

    private StoreResult Refused(GrainStateKey key) => new(false, _rows.TryGetValue(key, out var row) ? row.Version : null);
}
