namespace EShop.Grains.Abstractions.Carts;

/// <summary>How much one cart line may hold: the Api refuses other quantities before any grain call, the cart again.</summary>
public static class CartRules
{
    public const int MaxQuantity = 100;

    public static bool IsLineQuantity(int quantity) => quantity is >= 1 and <= MaxQuantity;
}
