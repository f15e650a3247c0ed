using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace EShop.Grains.Abstractions.Common;

/// <summary>
/// The syntax of one kind of id a client can send. Ids become grain keys, and Orleans throws on a blank key, so the
/// Api checks the syntax first: an id no object can have is "not found" without touching a grain.
/// </summary>
public sealed class IdKind
{
    private readonly Regex _pattern;

    internal IdKind(string name, int maxLength, Regex pattern, string syntax, string rule) =>
        (Name, MaxLength, _pattern, Pattern, Rule) = (name, maxLength, pattern, $"^{syntax}$", rule);

    /// <summary>What the id names, for messages: "product", "order".</summary>
    public string Name { get; }

    public int MaxLength { get; }

    /// <summary>The syntax as an ECMA-262 regular expression, for the OpenAPI document (the same one the Api checks).</summary>
    public string Pattern { get; }

    /// <summary>The syntax in words, for a 400 that names the field.</summary>
    public string Rule { get; }

    // The length check comes first so that a megabyte of input never reaches the regex.
    public bool IsValid([NotNullWhen(true)] string? id) => id is not null && id.Length <= MaxLength && _pattern.IsMatch(id);
}

/// <summary>Every kind of id the shop accepts from clients, and how the ones it mints are made, in one place.</summary>
public static partial class Ids
{
    public static IdKind Product { get; } = new(
        "product", 100, ProductPattern(), ProductSyntax, "A product id is 'prd_' followed by 1-96 letters, digits, '_' or '-'.");

    public static IdKind Order { get; } = new(
        "order", 36, OrderPattern(), OrderSyntax, "An order id is 'ord_' followed by 32 lowercase hex digits.");

    public static IdKind Address { get; } = new(
        "address", 36, AddressPattern(), AddressSyntax, "An address id is 'adr_' followed by 32 lowercase hex digits.");

    /// <summary>Minted as 'usr_' and 32 hex digits; seeded accounts have readable ids ('usr_admin').</summary>
    public static IdKind User { get; } = new(
        "user", 100, UserPattern(), UserSyntax, "A user id is 'usr_' followed by 1-96 letters, digits, '_' or '-'.");

    public static IdKind Sku { get; } = new(
        "sku", 64, SkuPattern(), SkuSyntax, "A sku is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.");

    public static IdKind DiscountCode { get; } = new(
        "discount code", 32, DiscountCodePattern(), DiscountCodeSyntax,
        "A discount code is 3-32 letters, digits or '-', starting with a letter or digit; case does not matter.");

    public static string NewProductId() => $"prd_{Guid.NewGuid():N}";

    public static string NewOrderId() => $"ord_{Guid.NewGuid():N}";

    public static string NewAddressId() => $"adr_{Guid.NewGuid():N}";

    private const string ProductSyntax = "prd_[A-Za-z0-9_-]{1,96}";
    private const string UserSyntax = "usr_[A-Za-z0-9_-]{1,96}";
    private const string OrderSyntax = "ord_[0-9a-f]{32}";
    private const string AddressSyntax = "adr_[0-9a-f]{32}";
    private const string DiscountCodeSyntax = "[A-Za-z0-9][A-Za-z0-9-]{2,31}";
    private const string SkuSyntax = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    // \z, not $: '$' also matches before a final "\n", which would let "SKU-1\n" through. Plain ASCII classes, not
    // \w or \d, which match letters and digits of every script.
    [GeneratedRegex("^" + ProductSyntax + @"\z")]
    private static partial Regex ProductPattern();

    [GeneratedRegex("^" + UserSyntax + @"\z")]
    private static partial Regex UserPattern();

    [GeneratedRegex("^" + OrderSyntax + @"\z")]
    private static partial Regex OrderPattern();

    [GeneratedRegex("^" + AddressSyntax + @"\z")]
    private static partial Regex AddressPattern();

    [GeneratedRegex("^" + DiscountCodeSyntax + @"\z")]
    private static partial Regex DiscountCodePattern();

    [GeneratedRegex("^" + SkuSyntax + @"\z")]
    private static partial Regex SkuPattern();
}
