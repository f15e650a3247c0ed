using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Abstractions.Discounts;

/// <summary>The syntax of codes, the rules of their terms and what a code takes off a subtotal: shared by the Api and the grains.</summary>
public static class DiscountRules
{
    /// <summary>The currency of amountOff and minSubtotal: the shop sells in one currency.</summary>
    public const string ShopCurrency = "usd";

    /// <summary>
    /// The code in its stored form (trimmed, upper case) if it has the syntax of <see cref="Ids.DiscountCode"/>, else null.
    /// Codes are case-insensitive: "welcome10" and "WELCOME10" are one code.
    /// </summary>
    public static string? Normalize(string? code)
    {
        var trimmed = code?.Trim();
        return Ids.DiscountCode.IsValid(trimmed) ? trimmed.ToUpperInvariant() : null;
    }

    /// <summary>
    /// The grain key of a normalized code. The prefix keeps keys that read as hex numbers ("CAFE", "BEEF10") from ever
    /// meeting Orleans' hex-key handling (issue 9706).
    /// </summary>
    public static string GrainKey(string normalizedCode) => $"code:{normalizedCode}";

    /// <summary>Checks normalized terms: exactly one of percentOff (1-100) and amountOff (> 0, shop currency), and the rest.</summary>
    public static Validation Validate(DiscountTerms terms, Validation validation)
    {
        if (terms.PercentOff is null == terms.AmountOff is null)
        {
            validation.Add("percentOff", "Give exactly one of 'percentOff' and 'amountOff'.");
            validation.Add("amountOff", "Give exactly one of 'percentOff' and 'amountOff'.");
        }
        if (terms.PercentOff is { } percent && percent is < 1 or > 100)
            validation.Add("percentOff", "'percentOff' must be a whole number between 1 and 100.");
        if (terms.AmountOff is { } amount)
            CheckMoney(validation, "amountOff", amount, minimum: 1);
        if (terms.MinSubtotal is { } minimum)
            CheckMoney(validation, "minSubtotal", minimum, minimum: 0);
        if (terms.MaxRedemptions is < 1)
            validation.Add("maxRedemptions", "'maxRedemptions' must be at least 1 when given.");
        if (terms is { ValidFrom: { } from, ValidUntil: { } until } && until <= from)
            validation.Add("validUntil", "'validUntil' must be later than 'validFrom'.");
        return validation;
    }

    /// <summary>
    /// What the code takes off <paramref name="subtotal"/>: percentOff of it rounded down to whole minor units, or
    /// amountOff capped at the subtotal. Zero in another currency, or below minSubtotal.
    /// </summary>
    public static long AmountOff(DiscountTerms terms, Money subtotal)
    {
        if (subtotal.Amount <= 0 || IsBelowMinimum(terms, subtotal))
            return 0;
        if (terms.PercentOff is { } percent)
            return subtotal.Amount * percent / 100;
        return terms.AmountOff is { } amount && amount.Currency == subtotal.Currency ? Math.Min(amount.Amount, subtotal.Amount) : 0;
    }

    /// <summary>Whether the subtotal misses the code's minimum (a minimum in another currency is never met).</summary>
    public static bool IsBelowMinimum(DiscountTerms terms, Money subtotal) =>
        terms.MinSubtotal is { } minimum && (minimum.Currency != subtotal.Currency || subtotal.Amount < minimum.Amount)
        || terms.AmountOff is { } amount && amount.Currency != subtotal.Currency;

    /// <summary>Why the code takes nothing off this subtotal at <paramref name="now"/>, or null when it applies (counts aside).</summary>
    public static RedemptionOutcome? Refusal(DiscountTerms terms, Money subtotal, DateTimeOffset now) =>
        terms.ValidFrom is { } from && now < from ? RedemptionOutcome.NotYetValid
        : terms.ValidUntil is { } until && now >= until ? RedemptionOutcome.Expired
        : IsBelowMinimum(terms, subtotal) ? RedemptionOutcome.BelowMinimum
        : null;

    /// <summary>A sentence for a customer about a refusal.</summary>
    public static string Explain(RedemptionOutcome outcome, DiscountTerms? terms) => outcome switch
    {
        RedemptionOutcome.Unknown => "No such discount code.",
        RedemptionOutcome.NotYetValid => $"The discount code is valid from {terms?.ValidFrom:O}.",
        RedemptionOutcome.Expired => $"The discount code expired at {terms?.ValidUntil:O}.",
        RedemptionOutcome.Exhausted => "The discount code has been used as often as it may be.",
        RedemptionOutcome.BelowMinimum when terms?.MinSubtotal is { } minimum =>
            $"The discount code needs a subtotal of at least {minimum.Amount} {minimum.Currency} minor units.",
        RedemptionOutcome.BelowMinimum => $"The discount code applies to carts priced in {terms?.AmountOff?.Currency}.",
        _ => $"The discount code cannot be applied: {outcome}.",
    };

    private static void CheckMoney(Validation validation, string field, Money money, long minimum)
    {
        if (money.Currency != ShopCurrency)
            validation.Add($"{field}.currency", $"The shop sells in '{ShopCurrency}'.");
        if (money.Amount < minimum || money.Amount > Money.MaxAmount)
            validation.Add($"{field}.amount", $"The amount must be between {minimum} and {Money.MaxAmount} minor units.");
    }
}
