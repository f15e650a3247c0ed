using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Tests.Common;

public sealed class IdsTests
{
    public static TheoryData<string> ImpossibleIds =>
    [
        "", " ", "\t", "\u00A0", "\u3000", "\u2007", // blank in four scripts' worth of whitespace
        "ord_0123\n", "SKU-1\n", // '$' in a regex would let a final newline through
        "SKU\u00001", "SKU\u202E1", "SKU 1", ".SKU", "-SKU",
        "SKU-\u0661", "SKU-\uFF11", "\u0130D", // digits and letters of other scripts
    ];

    [Theory]
    [MemberData(nameof(ImpossibleIds))]
    public void An_impossible_id_is_no_kind_of_id(string id)
    {
        Assert.Equal(
            (false, false, false, false),
            (Ids.Product.IsValid(id), Ids.Order.IsValid(id), Ids.Address.IsValid(id), Ids.Sku.IsValid(id)));
    }

    [Fact]
    public void The_ids_the_shop_mints_are_valid_ids_of_their_kind_only()
    {
        var (product, order, address) = (Ids.NewProductId(), Ids.NewOrderId(), Ids.NewAddressId());

        Assert.Equal((true, false, false), (Ids.Product.IsValid(product), Ids.Order.IsValid(product), Ids.Address.IsValid(product)));
        Assert.Equal((false, true, false), (Ids.Product.IsValid(order), Ids.Order.IsValid(order), Ids.Address.IsValid(order)));
        Assert.Equal((false, false, true), (Ids.Product.IsValid(address), Ids.Order.IsValid(address), Ids.Address.IsValid(address)));
    }

    [Theory]
    [InlineData("prd_demo_classic-tee")]
    [InlineData("prd_0123456789abcdef0123456789abcdef")]
    public void Seeded_and_minted_product_ids_are_valid(string productId)
    {
        Assert.True(Ids.Product.IsValid(productId));
    }

    [Theory]
    [InlineData("CLASSIC-TEE-BLACK-M")]
    [InlineData("a")]
    [InlineData("sku_1.v2")]
    public void Skus_are_letters_digits_dots_dashes_and_underscores(string sku)
    {
        Assert.True(Ids.Sku.IsValid(sku));
    }

    [Fact]
    public void Each_kind_has_a_maximum_length()
    {
        Assert.Equal((true, false), (Ids.Sku.IsValid(new string('A', 64)), Ids.Sku.IsValid(new string('A', 65))));
        Assert.Equal((true, false), (Ids.Product.IsValid("prd_" + new string('a', 96)), Ids.Product.IsValid("prd_" + new string('a', 97))));
        Assert.False(Ids.Order.IsValid("ord_" + new string('a', 33)));
        Assert.False(Ids.Sku.IsValid(new string('A', 5_000_000)));
    }

    [Fact]
    public void Order_and_address_ids_are_lowercase_hex()
    {
        Assert.False(Ids.Order.IsValid("ord_" + new string('A', 32)));
        Assert.False(Ids.Address.IsValid("adr_" + new string('g', 32)));
    }
}
