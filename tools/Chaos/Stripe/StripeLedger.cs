namespace EShop.Chaos.Stripe;

/// <summary>A PaymentIntent the stand-in created: succeeded (the money taken) or declined, for the order in its metadata.</summary>
public sealed record StripeIntent(
    string Id,
    string? OrderId,
    string? IdempotencyKey,
    bool Succeeded,
    long Amount,
    string Currency,
    string PaymentMethod,
    string? DeclineCode,
    DateTimeOffset CreatedUtc);

/// <summary>A refund the stand-in made: money given back against a succeeded intent.</summary>
public sealed record StripeRefund(
    string Id,
    string PaymentIntentId,
    string? OrderId,
    string? IdempotencyKey,
    long Amount,
    DateTimeOffset CreatedUtc);

/// <summary>
/// What Stripe holds for one order, the checker's independent truth: its intents, and the refunds against them
/// (matched by intent, whatever order id the refund's metadata names).
/// </summary>
public sealed record StripeOrderLedger(string OrderId, IReadOnlyList<StripeIntent> Intents, IReadOnlyList<StripeRefund> Refunds)
{
    public int SucceededIntents => Intents.Count(i => i.Succeeded);

    public int DeclinedIntents => Intents.Count(i => !i.Succeeded);

    /// <summary>The money taken from the customer.</summary>
    public long Charged => Intents.Where(i => i.Succeeded).Sum(i => i.Amount);

    /// <summary>The money given back.</summary>
    public long Refunded => Refunds.Sum(r => r.Amount);

    /// <summary>What the shop keeps: <see cref="Charged"/> less <see cref="Refunded"/>.</summary>
    public long Kept => Charged - Refunded;
}

/// <summary>
/// The requests the stand-in saw: how many arrived under each fault (those refused for their key included), the
/// repeats of a key answered with the first answer, the repeats with other parameters refused (a shop bug), the
/// requests without the secret key, and the refunds Stripe would refuse (unknown or unpaid intent, more than is left).
/// </summary>
public sealed record StripeRequestCounts(
    IReadOnlyDictionary<StripeFault, int> ByFault,
    int Replayed,
    int IdempotencyConflicts,
    int Unauthorized,
    int RefundsRefused)
{
    public int Total => ByFault.Values.Sum();

    public int Seen(StripeFault fault) => ByFault.GetValueOrDefault(fault);
}
