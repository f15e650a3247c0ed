using System.Text;
using Orleans.Storage;

namespace EShop.Silo.Persistence;

/// <summary>
/// Makes a row's grain-id hash depend on the whole grain id, type included. Orleans' ADO.NET storage reads a
/// string key that looks like a hex number or a Guid as that number, so "CAFE" and "cafe", or "20235" and
/// "020235", would share a row (Orleans issue 9706), and it keys rows by state name rather than grain type
/// (issue 8746). The provider asks the hasher for two hashes: the grain type's (given the state name's bytes,
/// hashed as Orleans does) and the grain id's, which this replaces with a hash of the full id.
/// </summary>
internal sealed class FullGrainIdHashPicker : IStorageHasherPicker
{
    private static readonly OrleansDefaultHasher Default = new();

    public ICollection<IHasher> HashProviders { get; } = [Default];

    public IHasher? PickHasher<T>(string serviceId, string storageProviderInstanceName, string grainType, GrainId grainId, IGrainState<T> grainState, string? tag = null) =>
        new FullGrainIdHasher(grainType, grainId);

    private sealed class FullGrainIdHasher(string typeName, GrainId grainId) : IHasher
    {
        public string Description => "Orleans' stable hash, of the full grain id for grain ids";

        public int Hash(byte[] data) => data.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(typeName))
            ? Default.Hash(data)
            : Default.Hash(Encoding.UTF8.GetBytes(grainId.ToString()));
    }
}
