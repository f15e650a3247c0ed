using System.Text.Json.Serialization;
using Orleans.Serialization;
using Orleans.Storage;

namespace EShop.Silo.Hosting;

/// <summary>
/// Grain state is stored as plain System.Text.Json: readable by people and other tools, no .NET type names in
/// the data, and immutable collections round-trip (Orleans' default Newtonsoft serializer refuses them).
/// Enums are written as names, so that reordering an enum never changes what stored state means.
/// </summary>
public static class GrainStateJson
{
    public static IGrainStorageSerializer Serializer { get; } = Create();

    private static SystemTextJsonGrainStorageSerializer Create()
    {
        var options = new SystemTextJsonGrainStorageSerializerOptions();
        options.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter());
        return new SystemTextJsonGrainStorageSerializer(Microsoft.Extensions.Options.Options.Create(options));
    }
}
