using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Events;

namespace EShop.Grains.Abstractions.Catalog;

/// <summary>What makes a product valid, and its one canonical form (trimmed text, lowercase currency).</summary>
public static class ProductRules
{
    public const int MaxVariants = 100;
    public const int MaxAttributes = 50;

    public static Product Normalize(Product product) => product with
    {
        Name = product.Name?.Trim() ?? "",
        Description = product.Description?.Trim() ?? "",
        Category = product.Category?.Trim().ToLowerInvariant() ?? "",
        Attributes = NormalizeAttributes(product.Attributes),
        Variants = product.Variants?.Select(v => v is null ? null! : v with
        {
            Sku = v.Sku?.Trim() ?? "",
            Name = v.Name?.Trim() ?? "",
            Attributes = NormalizeAttributes(v.Attributes),
            Price = v.Price is null ? null! : v.Price with { Currency = v.Price.Currency?.Trim().ToLowerInvariant() ?? "" },
            Images = ProductImageRules.Normalize(v.Images),
        }).ToList() ?? [],
        Images = ProductImageRules.Normalize(product.Images),
    };

    /// <summary>
    /// Normalizes, then validates. Attribute names that normalizing would merge ("size" and " size ") are refused: a
    /// silent merge keeps whichever value came last and drops the other without a word.
    /// </summary>
    public static (Product Product, ValidationFailure Validation) NormalizeAndValidate(Product product, Validation? into = null)
    {
        var v = into ?? new Validation();
        RefuseMergingNames(v, "attributes", product.Attributes);
        for (var i = 0; i < (product.Variants?.Count ?? 0); i++)
            RefuseMergingNames(v, $"variants[{i}].attributes", product.Variants![i]?.Attributes);
        var normalized = Normalize(product);
        return (normalized, Validate(normalized, v));
    }

    private static void RefuseMergingNames(Validation v, string field, IReadOnlyDictionary<string, string>? attributes)
    {
        var clashes = (attributes?.Keys ?? []).GroupBy(key => key.Trim(), StringComparer.Ordinal).Where(names => names.Count() > 1);
        foreach (var clash in clashes)
        {
            // Names the attribute only when it is short and printable: messages must not echo hostile input.
            var name = clash.Key.Length <= 50 && TextRules.IsAllowed(clash.Key) ? $" '{clash.Key}'" : "";
            v.Add(field, $"The attribute name{name} appears {clash.Count()} times once surrounding spaces are removed.");
        }
    }

    /// <summary>Validates a normalized product; skus must be unique within it (across the catalog is the index's job).</summary>
    public static ValidationFailure Validate(Product product, Validation? into = null)
    {
        var v = (into ?? new Validation())
            .Require("name", product.Name, 200)
            .Optional("description", product.Description, 4000, TextKind.MultiLine)
            .Require("category", product.Category, 50);
        ValidateAttributes(v, "attributes", product.Attributes);
        ProductImageRules.Validate(v, "images", product.Images);

        if (product.Variants.Count == 0)
            v.Add("variants", "At least one variant is required.");
        else if (product.Variants.Count > MaxVariants)
            v.Add("variants", $"At most {MaxVariants} variants are allowed.");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < product.Variants.Count; i++)
        {
            var field = $"variants[{i}]";
            var variant = product.Variants[i];
            if (variant is null)
            {
                v.Add(field, "A variant is required.");
                continue;
            }

            if (!Ids.Sku.IsValid(variant.Sku))
                v.Add($"{field}.sku", Ids.Sku.Rule);
            else if (!seen.Add(variant.Sku))
                v.Add($"{field}.sku", $"The sku '{Echo.Of(variant.Sku)}' appears more than once.");
            v.Require($"{field}.name", variant.Name, 200);
            ValidateAttributes(v, $"{field}.attributes", variant.Attributes);
            ValidatePrice(v, $"{field}.price", variant.Price);
            ProductImageRules.Validate(v, $"{field}.images", variant.Images);
        }

        return v.ToFailure();
    }

    private static void ValidatePrice(Validation v, string field, Money? price)
    {
        if (price is null)
        {
            v.Add(field, "A price is required.");
            return;
        }

        // The cap is checked here, on the way in; the cart and checkout also refuse prices stored before it existed.
        if (!Money.IsPrice(price.Amount))
            v.Add($"{field}.amount", $"The amount must be between 0 and {Money.MaxAmount} (minor units).");
        if (!IsoCodes.Currencies.Contains(price.Currency))
            v.Add($"{field}.currency", "The currency must be an ISO 4217 code such as 'usd'.");
    }

    private static void ValidateAttributes(Validation v, string field, IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count > MaxAttributes)
            v.Add(field, $"At most {MaxAttributes} attributes are allowed.");
        foreach (var (key, value) in attributes)
        {
            // A bad name is reported on the map, not used as a field name that would echo it.
            if (key.Length is 0 or > 50)
                v.Add(field, "Attribute names are 1-50 characters.");
            else if (!TextRules.IsAllowed(key))
                v.Add(field, "Attribute names must not contain control characters, line breaks or invisible formatting characters.");
            else
                v.Optional($"{field}.{key}", value, 500);
        }
    }

    private static Dictionary<string, string> NormalizeAttributes(IReadOnlyDictionary<string, string>? attributes)
    {
        var normalized = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes ?? normalized)
            normalized[key.Trim()] = value?.Trim() ?? "";
        return normalized;
    }

    /// <summary>Every sku whose price differs between two versions; added skus have no old price, removed ones no new.</summary>
    public static IReadOnlyList<PriceChange> PriceChanges(Product before, Product after)
    {
        var old = before.Variants.ToDictionary(v => v.Sku, v => v.Price, StringComparer.Ordinal);
        var now = after.Variants.ToDictionary(v => v.Sku, v => v.Price, StringComparer.Ordinal);
        return
        [
            .. now.Where(v => !old.TryGetValue(v.Key, out var was) || was != v.Value)
                .Select(v => new PriceChange(v.Key, old.GetValueOrDefault(v.Key), v.Value)),
            .. old.Where(v => !now.ContainsKey(v.Key)).Select(v => new PriceChange(v.Key, v.Value, null)),
        ];
    }
}
