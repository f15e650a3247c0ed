using System.Net;
using System.Text.Json;

namespace EShop.LoadTest.Http;

/// <summary>What one call got: a status (0 when no answer came), the JSON body if any, and Retry-After.</summary>
public sealed record Answer(int Status, JsonElement Body, TimeSpan? RetryAfter, string? Failure)
{
    public bool Ok => Status is >= 200 and < 300;

    public bool Is(HttpStatusCode code) => Status == (int)code;

    public string? Text(string property) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The error name the report counts this answer under: its status code, timeout or network; null if it succeeded.</summary>
    public string? Error => Failure ?? (Ok ? null : Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
