namespace EShop.Silo.Persistence.GrainState;

/// <summary>Where one piece of grain state lives: the grain's type and key, and the state's name.</summary>
public readonly record struct GrainStateKey(string GrainType, string GrainKey, string StateName)
{
    public static GrainStateKey Of(string stateName, GrainId grainId) =>
        new(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    public GrainId GrainId => GrainId.Create(GrainType, GrainKey);

    public override string ToString() => $"{GrainType}/{GrainKey} ({StateName})";
}

/// <summary>A stored state and its version (the etag).</summary>
public sealed record StoredGrainState(ReadOnlyMemory<byte> Payload, long Version);

/// <summary>The answer to a write or a clear: the new version, or the version that made it stale (null: no row).</summary>
public readonly record struct StoreResult(bool Applied, long? Version);

/// <summary>
/// Rows of grain state with optimistic versions. A write names the version it read (null: "there is no row yet") and
/// is refused when the row has moved on. Each row also carries whether its grain has work to resume after a crash.
/// </summary>
public interface IGrainStateStore
{
    Task<StoredGrainState?> ReadAsync(GrainStateKey key);

    Task<StoreResult> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, bool pending);

    Task<StoreResult> ClearAsync(GrainStateKey key, long expectedVersion);

    /// <summary>Grains marked pending whose state has not been written for at least <paramref name="idleFor"/>, oldest first.</summary>
    Task<IReadOnlyList<GrainStateKey>> PendingAsync(TimeSpan idleFor, int limit, CancellationToken cancellationToken);
}
