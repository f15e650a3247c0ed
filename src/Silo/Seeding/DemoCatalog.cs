using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;

namespace EShop.Silo.Seeding;

/// <summary>
/// The Development catalog: clothing in sizes and colours, electronics by brand and wattage, books, home goods. Every
/// product, and each colour of the clothing and home goods, has a picture: the shop's own generated placeholder.
/// </summary>
public static class DemoCatalog
{
    /// <summary>The demo discount code: 10% off any cart, without limits.</summary>
    public static DiscountTerms WelcomeDiscount { get; } = new("WELCOME10", 10, null, null, null, null, null);

    public static IReadOnlyList<Product> Products { get; } =
    [.. new Product[]
    {
        Clothing("classic-tee", "Classic Tee", "Heavyweight cotton t-shirt with a relaxed fit.", 1999, "cotton", ["S", "M", "L", "XL"], ["black", "white"]),
        Clothing("merino-sweater", "Merino Sweater", "Fine-knit merino wool crew neck.", 8900, "merino wool", ["S", "M", "L"], ["navy", "grey"]),
        Clothing("rain-jacket", "Packable Rain Jacket", "Waterproof, breathable and folds into its own pocket.", 12900, "recycled nylon", ["M", "L", "XL"], ["yellow", "olive"]),
        Clothing("denim-jeans", "Slim Denim Jeans", "Stretch denim with a slim taper.", 7900, "denim", ["30", "32", "34"], ["indigo"]),
        Clothing("linen-shirt", "Linen Shirt", "Breezy linen button-down for warm days.", 5900, "linen", ["S", "M", "L"], ["white", "sand"]),
        Clothing("wool-socks", "Hiking Socks", "Cushioned wool-blend socks, two pairs.", 1800, "wool blend", ["M", "L"], ["charcoal"]),
        Clothing("hoodie", "Fleece Hoodie", "Brushed fleece hoodie with a kangaroo pocket.", 6500, "cotton fleece", ["S", "M", "L", "XL"], ["black", "heather"]),
        Electronics("usb-c-charger", "65W USB-C Charger", "GaN charger with two USB-C ports.", "Voltix", 65, 4900),
        Electronics("power-bank", "Power Bank 20000", "20,000 mAh power bank with fast charging.", "Voltix", 22, 3900),
        Electronics("desk-lamp", "LED Desk Lamp", "Dimmable lamp with adjustable colour temperature.", "Lumo", 12, 4500),
        Electronics("soundbar", "Compact Soundbar", "Bluetooth soundbar with a built-in subwoofer.", "Sonora", 120, 19900),
        Electronics("kettle", "Electric Kettle", "1.7 l kettle with temperature presets.", "Brewly", 2200, 5900),
        Electronics("blender", "High-Speed Blender", "Blender for smoothies, soups and nut butters.", "Brewly", 1400, 14900),
        Electronics("headphones", "Wireless Headphones", "Noise-cancelling over-ear headphones, 30 h battery.", "Sonora", 5, 24900),
        Book("orleans-in-action", "Actors at Scale", "Building distributed systems with virtual actors.", "J. Hollis", 3900),
        Book("sourdough", "The Sourdough Year", "Twelve months of bread from one starter.", "M. Okafor", 2900),
        Book("night-trains", "Night Trains of Europe", "A travel guide to sleeper routes.", "A. Lindqvist", 2400),
        Book("small-gardens", "Small Gardens", "Growing food on balconies and windowsills.", "R. Patel", 2200),
        Home("throw-blanket", "Knitted Throw", "Chunky knit throw for the sofa.", "acrylic", 4900, ["cream", "rust"]),
        Home("ceramic-mug", "Stoneware Mug", "Hand-glazed 350 ml mug.", "stoneware", 1600, ["speckled", "blue"]),
        Home("cutting-board", "Oak Cutting Board", "End-grain oak board with juice groove.", "oak", 5400, ["natural"]),
        Home("scented-candle", "Fig Candle", "Soy wax candle, 40 hours of burn time.", "soy wax", 2800, ["fig", "cedar"]),
    }.Select(WithPictures)];

    /// <summary>A picture of the product, and of each variant that has a colour.</summary>
    private static Product WithPictures(Product product) => product with
    {
        Images = [new ProductImage(ProductImageRules.PlaceholderPath(product.ProductId), product.Name)],
        Variants =
        [
            .. product.Variants.Select(v => v.Attributes.TryGetValue("colour", out var colour)
                ? v with { Images = [new ProductImage(ProductImageRules.PlaceholderPath(product.ProductId, v.Sku), $"{product.Name} in {colour}")] }
                : v),
        ],
    };

    private static Product Clothing(string slug, string name, string description, long price, string material, string[] sizes, string[] colours) =>
        new(Id(slug), name, description, "clothing", new Dictionary<string, string> { ["material"] = material },
            [.. from colour in colours
                from size in sizes
                select new ProductVariant(
                    Sku(slug, colour, size), $"{name} {colour} {size}",
                    new Dictionary<string, string> { ["size"] = size, ["colour"] = colour }, Usd(price))]);

    private static Product Electronics(string slug, string name, string description, string brand, int watts, long price) =>
        new(Id(slug), name, description, "electronics",
            new Dictionary<string, string> { ["brand"] = brand, ["wattage"] = $"{watts}W" },
            [new ProductVariant(Sku(slug, "std"), name, new Dictionary<string, string> { ["plug"] = "type-a" }, Usd(price))]);

    private static Product Book(string slug, string title, string description, string author, long price) =>
        new(Id(slug), title, description, "books", new Dictionary<string, string> { ["author"] = author },
            [
                new ProductVariant(Sku(slug, "paperback"), $"{title} (paperback)", new Dictionary<string, string> { ["format"] = "paperback" }, Usd(price)),
                new ProductVariant(Sku(slug, "ebook"), $"{title} (ebook)", new Dictionary<string, string> { ["format"] = "ebook" }, Usd(price * 6 / 10)),
            ]);

    private static Product Home(string slug, string name, string description, string material, long price, string[] colours) =>
        new(Id(slug), name, description, "home", new Dictionary<string, string> { ["material"] = material },
            [.. colours.Select(colour => new ProductVariant(
                Sku(slug, colour), $"{name} {colour}", new Dictionary<string, string> { ["colour"] = colour }, Usd(price)))]);

    private static string Id(string slug) => $"prd_demo_{slug}";

    private static string Sku(params string[] parts) => string.Join('-', parts).ToUpperInvariant();

    private static Money Usd(long amount) => new(amount, "usd");
}
