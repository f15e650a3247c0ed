namespace EShop.Grains.Abstractions.Users;

/// <summary>A password or token in transit; prints as *** so that no log or exception message carries it.</summary>
[GenerateSerializer, Immutable, Alias("eshop.secret.v1")]
public sealed record Secret([property: Id(0)] string Value)
{
    public override string ToString() => "***";
}
