namespace EShop.Grains.Abstractions.Common;

/// <summary>Field name (JSON path, camelCase) -> messages; empty when the input is valid.</summary>
[GenerateSerializer, Immutable, Alias("eshop.validation-failure.v1")]
public sealed record ValidationFailure([property: Id(0)] IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
