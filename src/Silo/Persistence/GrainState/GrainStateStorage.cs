using System.Globalization;
using EShop.Grains.Common;
using Orleans.Storage;

namespace EShop.Silo.Persistence.GrainState;

/// <summary>
/// The shop's grain storage provider: state serialized by <paramref name="serializer"/> into a row of
/// <paramref name="store"/>, the row's version as the etag (a stale writer gets <see cref="InconsistentStateException"/>,
/// as with every Orleans provider), and the <see cref="IPendingWorkState"/> mark written with the state.
/// </summary>
public sealed class GrainStateStorage(IGrainStateStore store, IGrainStorageSerializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadAsync(GrainStateKey.Of(stateName, grainId));
        if (stored is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(stored.Payload));
        grainState.ETag = Etag(stored.Version);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = GrainStateKey.Of(stateName, grainId);
        var payload = serializer.Serialize(grainState.State).ToMemory();
        var pending = grainState.State is IPendingWorkState { HasPendingWork: true };
        var result = await store.WriteAsync(key, payload, Version(grainState.ETag), pending);
        if (!result.Applied)
            throw Stale("write", key, grainState.ETag, result.Version);
        grainState.ETag = Etag(result.Version!.Value);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = GrainStateKey.Of(stateName, grainId);
        if (Version(grainState.ETag) is { } version)
        {
            var result = await store.ClearAsync(key, version);
            if (!result.Applied)
                throw Stale("clear", key, grainState.ETag, result.Version);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static long? Version(string? etag) => etag is null ? null : long.Parse(etag, CultureInfo.InvariantCulture);

    private static InconsistentStateException Stale(string operation, GrainStateKey key, string? etag, long? stored) =>
        new($"The {operation} of {key} was based on version {etag ?? "none"}, but storage holds {(stored is { } v ? $"version {v}" : "another version, or none")}: another activation wrote it meanwhile.",
            stored?.ToString(CultureInfo.InvariantCulture), etag);
}
