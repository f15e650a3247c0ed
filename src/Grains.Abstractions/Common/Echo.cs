namespace EShop.Grains.Abstractions.Common;

/// <summary>
/// Caller-supplied text quoted back in an answer (a problem detail, a field name). It is cut to a few dozen
/// characters so that a huge input never makes a huge answer: a 5 MB sku must not come back in a 5 MB body.
/// </summary>
public static class Echo
{
    /// <summary>The most characters of the input an answer quotes; real ids and skus are shorter.</summary>
    public const int MaxLength = 64;

    public const string Ellipsis = "…";

    public static string Of(string? value)
    {
        if (value is null || value.Length <= MaxLength)
            return value ?? "";

        // Never split a surrogate pair: half a character would make the JSON answer unreadable to some clients.
        var cut = char.IsHighSurrogate(value[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Concat(value.AsSpan(0, cut), Ellipsis);
    }
}
