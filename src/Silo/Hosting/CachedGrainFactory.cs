using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GrainReferences;
using Orleans.Metadata;

namespace EShop.Silo.Hosting;

/// <summary>
/// <see cref="IGrainFactory"/> with the interface lookup cached. Orleans' factory resolves a grain interface's
/// <see cref="GrainInterfaceType"/> from its attributes on every <c>GetGrain</c> call (reflection that allocates the
/// attribute objects each time): a checkout makes dozens of such calls, and the profile showed the reflection and the
/// garbage it leaves among the largest costs of a request. The answer for a type never changes, so it is asked once.
/// Everything else goes to Orleans' own factory.
/// </summary>
public sealed class CachedGrainFactory(
    IGrainFactory inner,
    GrainInterfaceTypeResolver interfaceTypes,
    GrainInterfaceTypeToGrainTypeResolver grainTypes,
    GrainReferenceActivator references) : IGrainFactory
{
    private readonly ConcurrentDictionary<Type, (GrainInterfaceType Interface, GrainType Grain)> _types = new();

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey =>
        grainClassNamePrefix is null ? Reference<TGrainInterface>(GrainIdKeyExtensions.CreateGuidKey(primaryKey)) : inner.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey =>
        grainClassNamePrefix is null ? Reference<TGrainInterface>(GrainIdKeyExtensions.CreateIntegerKey(primaryKey)) : inner.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey =>
        grainClassNamePrefix is null ? Reference<TGrainInterface>(IdSpan.Create(primaryKey)) : inner.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey => inner.GetGrain<TGrainInterface>(primaryKey, keyExtension, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey => inner.GetGrain<TGrainInterface>(primaryKey, keyExtension, grainClassNamePrefix);

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => inner.CreateObjectReference<TGrainObserverInterface>(obj);

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => inner.DeleteObjectReference<TGrainObserverInterface>(obj);

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => inner.GetGrain(grainInterfaceType, grainPrimaryKey);

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => inner.GetGrain(grainInterfaceType, grainPrimaryKey);

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => inner.GetGrain(grainInterfaceType, grainPrimaryKey);

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => inner.GetGrain(grainInterfaceType, grainPrimaryKey, keyExtension);

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => inner.GetGrain(grainInterfaceType, grainPrimaryKey, keyExtension);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => inner.GetGrain<TGrainInterface>(grainId);

    public IAddressable GetGrain(GrainId grainId) => inner.GetGrain(grainId);

    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => inner.GetGrain(grainId, interfaceType);

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => inner.GetGrain(interfaceType, grainKey);

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => inner.GetGrain(interfaceType, grainKey, grainClassNamePrefix);

    /// <summary>Puts the cache in front of the <see cref="IGrainFactory"/> Orleans registered in <paramref name="services"/>.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IGrainFactory) && !d.IsKeyedService);
        services.Remove(registered);
        services.AddSingleton<IGrainFactory>(sp => new CachedGrainFactory(
            registered.ImplementationInstance as IGrainFactory
                ?? registered.ImplementationFactory?.Invoke(sp) as IGrainFactory
                ?? (IGrainFactory)sp.GetRequiredService(registered.ImplementationType!),
            sp.GetRequiredService<GrainInterfaceTypeResolver>(),
            sp.GetRequiredService<GrainInterfaceTypeToGrainTypeResolver>(),
            sp.GetRequiredService<GrainReferenceActivator>()));
    }

    private (GrainInterfaceType Interface, GrainType Grain) Resolve(Type type)
    {
        var resolved = interfaceTypes.GetGrainInterfaceType(type);
        return (resolved, grainTypes.GetGrainType(resolved));
    }

    private TGrainInterface Reference<TGrainInterface>(IdSpan key)
    {
        var (interfaceType, grainType) = _types.GetOrAdd(typeof(TGrainInterface), Resolve);
        return (TGrainInterface)(object)references.CreateReference(GrainId.Create(grainType, key), interfaceType);
    }
}
