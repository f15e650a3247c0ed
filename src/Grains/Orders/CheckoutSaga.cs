using EShop.Grains.Abstractions.Orders;

namespace EShop.Grains.Orders;

/// <summary>
/// The saga's steps. Durable ones (<see cref="CheckoutSaga.IsDurable"/>) are written before the side effects
/// they lead to; the others are re-derived after a crash, because every command of theirs is idempotent and its
/// outcome is held by another grain (reservations by the skus, the payment by the payment grain).
/// </summary>
public enum SagaStep
{
    Started,
    InventoryReserved,
    PaymentProcessing,
    Committing,
    Completed,
    Compensating,
    Failed,
    Cancelling,
    Cancelled,
    Shipped,
    Delivered,
}

/// <summary>What the order grain does for a step; every command is idempotent for the orderId.</summary>
public enum SagaCommand
{
    /// <summary>Reserves every line's stock and, for an order with a discount, one redemption of its code.</summary>
    ReserveStock,

    /// <summary>No I/O: moves to PaymentProcessing, so that the step is persisted before the payment request.</summary>
    BeginPayment,
    RequestPayment,
    /// <summary>Commits the stock, then the discount's redemption.</summary>
    CommitStock,

    /// <summary>Runs after the commit succeeded, before Completed is written: an order is never Confirmed with the cart untouched.</summary>
    RemoveFromCart,
    /// <summary>Releases the stock and a held (not a committed) redemption.</summary>
    ReleaseStock,
    RestockStock,
    AbandonPayment,
}

public enum SagaEventKind
{
    StockReserved,
    StockRefused,

    /// <summary>The order's discount code refused its redemption (exhausted, expired, not yet valid).</summary>
    DiscountRefused,
    PaymentRequested,
    PaymentSucceeded,
    PaymentDeclined,
    ReservationsLapsed,
    StockCommitted,
    CommitRefused,
    Compensated,
    CancelRequested,
    ShipRequested,
    DeliverRequested,
}

public sealed record SagaEvent(SagaEventKind Kind, string? PaymentIntentId = null);

/// <summary>The saga's own state: its step and what it learned on the way.</summary>
[GenerateSerializer, Immutable, Alias("eshop.saga-state.v1")]
public sealed record SagaState(
    [property: Id(0)] SagaStep Step,
    [property: Id(1)] string? FailureReason = null,
    [property: Id(2)] string? PaymentIntentId = null);

/// <summary>
/// The checkout saga as a pure function: Started -> InventoryReserved -> PaymentProcessing -> Committing (commit
/// the stock, take the lines out of the cart) -> Completed, and on failure Compensating -> Failed. No Orleans, no
/// I/O: tested exhaustively on its own.
/// </summary>
public static class CheckoutSaga
{
    /// <summary>The commands the step issues, every time the grain (re)enters it.</summary>
    public static IReadOnlyList<SagaCommand> CommandsFor(SagaState state) => state.Step switch
    {
        SagaStep.Started => [SagaCommand.ReserveStock],
        SagaStep.InventoryReserved => [SagaCommand.BeginPayment],
        SagaStep.PaymentProcessing => [SagaCommand.RequestPayment],
        SagaStep.Committing => [SagaCommand.CommitStock, SagaCommand.RemoveFromCart],
        // A crash may have hidden how far the saga got, so compensation undoes everything that might have been
        // done: each command is a no-op where there is nothing to undo.
        SagaStep.Compensating or SagaStep.Cancelling => [SagaCommand.ReleaseStock, SagaCommand.RestockStock, SagaCommand.AbandonPayment],
        _ => [],
    };

    /// <summary>
    /// Whether reaching the step is written to storage. Started is (the order exists); Completed is (the sale is
    /// final); so is every failure, cancellation and later step. InventoryReserved, PaymentProcessing and
    /// Committing are not: resuming from Started repeats their idempotent commands and meets the same outcomes.
    /// </summary>
    public static bool IsDurable(SagaStep step) =>
        step is not (SagaStep.InventoryReserved or SagaStep.PaymentProcessing or SagaStep.Committing);

    /// <summary>Whether the saga still has work to do (a reminder keeps ticking until it has none).</summary>
    public static bool IsRunning(SagaState state) => CommandsFor(state).Count > 0;

    /// <summary>The next state for an event, or null when the event does not apply in this step.</summary>
    public static SagaState? Next(SagaState state, SagaEvent e) => (state.Step, e.Kind) switch
    {
        (SagaStep.Started, SagaEventKind.StockReserved) => state with { Step = SagaStep.InventoryReserved },
        (SagaStep.Started, SagaEventKind.StockRefused) => Fail(state, FailureReasons.OutOfStock),
        (SagaStep.Started, SagaEventKind.DiscountRefused) => Fail(state, FailureReasons.DiscountUnavailable),
        (SagaStep.InventoryReserved, SagaEventKind.PaymentRequested) => state with { Step = SagaStep.PaymentProcessing },
        (SagaStep.PaymentProcessing, SagaEventKind.PaymentSucceeded) =>
            state with { Step = SagaStep.Committing, PaymentIntentId = e.PaymentIntentId },
        (SagaStep.PaymentProcessing, SagaEventKind.PaymentDeclined) =>
            Fail(state with { PaymentIntentId = e.PaymentIntentId }, FailureReasons.PaymentDeclined),
        (SagaStep.Started or SagaStep.InventoryReserved or SagaStep.PaymentProcessing, SagaEventKind.ReservationsLapsed) =>
            Fail(state, FailureReasons.PaymentTimeout),
        (SagaStep.Committing, SagaEventKind.StockCommitted) => state with { Step = SagaStep.Completed },
        (SagaStep.Committing, SagaEventKind.CommitRefused) => Fail(state, FailureReasons.ReservationExpired),
        (SagaStep.Compensating, SagaEventKind.Compensated) => state with { Step = SagaStep.Failed },
        (SagaStep.Cancelling, SagaEventKind.Compensated) => state with { Step = SagaStep.Cancelled },
        (SagaStep.Started or SagaStep.InventoryReserved or SagaStep.PaymentProcessing or SagaStep.Committing or SagaStep.Completed,
            SagaEventKind.CancelRequested) => state with { Step = SagaStep.Cancelling, FailureReason = null },
        (SagaStep.Completed, SagaEventKind.ShipRequested) => state with { Step = SagaStep.Shipped },
        (SagaStep.Shipped, SagaEventKind.DeliverRequested) => state with { Step = SagaStep.Delivered },
        _ => null,
    };

    /// <summary>Steps in which the order no longer wants a payment: one that succeeds now must be given back.</summary>
    public static bool GaveUp(SagaStep step) =>
        step is SagaStep.Compensating or SagaStep.Failed or SagaStep.Cancelling or SagaStep.Cancelled;

    /// <summary>The contract's status for a step.</summary>
    public static string PublicStatus(SagaStep step) => step switch
    {
        SagaStep.Completed => OrderStatus.Confirmed,
        SagaStep.Shipped => OrderStatus.Shipped,
        SagaStep.Delivered => OrderStatus.Delivered,
        SagaStep.Failed => OrderStatus.Failed,
        SagaStep.Cancelling or SagaStep.Cancelled => OrderStatus.Cancelled,
        _ => OrderStatus.Pending,
    };

    private static SagaState Fail(SagaState state, string reason) =>
        state with { Step = SagaStep.Compensating, FailureReason = reason };
}
