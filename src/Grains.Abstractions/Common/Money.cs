namespace EShop.Grains.Abstractions.Common;

/// <summary>An amount in minor units (cents) of a lowercase ISO 4217 currency.</summary>
[GenerateSerializer, Immutable, Alias("eshop.money.v1")]
public sealed record Money([property: Id(0)] long Amount, [property: Id(1)] string Currency);
