using System.Diagnostics;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;

namespace EShop.Grains.Orders;

public sealed partial class OrderGrain
{
    // Enough for the longest path (Started -> ... -> Completed) in one go. A crash anywhere on
    // that path resumes at Started, the last step written before it, and meets the same outcomes again.
    private const int MaxStepsPerDrive = 10;

    /// <summary>Runs the current step's commands and feeds their outcome back, until the saga waits or rests.</summary>
    private async Task Drive()
    {
        if (state.State.Placed is null)
            return;
        try
        {
            for (var i = 0; i < MaxStepsPerDrive; i++)
            {
                var commands = CheckoutSaga.CommandsFor(Saga);
                if (commands.Count == 0)
                    return;

                if (await Execute(commands) is not { } outcome || !await Transition(outcome))
                    return;
            }
        }
        catch (SimulatedCrashException)
        {
            DeactivateOnIdle();
            throw;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogStalled(logger, ex, OrderId, Saga.Step);
        }
    }

    /// <summary>The outcome of a step's commands as a saga event, or null while the saga waits (payment in flight).</summary>
    private async Task<SagaEvent?> Execute(IReadOnlyList<SagaCommand> commands)
    {
        var started = Stopwatch.GetTimestamp();
        var (step, outcome) = commands[0] switch
        {
            SagaCommand.ReserveStock => ("reserve", await ReserveAll()),
            SagaCommand.BeginPayment => (null, new SagaEvent(SagaEventKind.PaymentRequested)),
            SagaCommand.RequestPayment => (null, await AwaitPayment()),
            SagaCommand.CommitStock => ("commit", await CommitAll()),
            _ => ("compensate", await Compensate(commands)),
        };
        if (step is not null)
            metrics.Step(step, Stopwatch.GetElapsedTime(started));
        return outcome;
    }

    private async Task<SagaEvent> ReserveAll()
    {
        // Repeats after a crash answer their first outcome, and never extend the order's deadline.
        var ttl = state.State.ReservationDeadline - clock.UtcNow;
        if (ttl <= TimeSpan.Zero)
            return new SagaEvent(SagaEventKind.ReservationsLapsed);
        // Committed too: resumed after a crash that came between the commit and the write of Completed.
        var stock = ForEachLine(line => Stock(line).Reserve(OrderId, line.Quantity, ttl));
        var redemption = Discount is { } discount ? discount.Reserve(OrderId, Placed.Subtotal(), ttl) : Task.FromResult(RedemptionOutcome.Reserved);
        var (outcomes, redeemed) = (await stock, await redemption);
        if (outcomes.All(o => o is ReservationOutcome.Reserved or ReservationOutcome.Committed)
            && redeemed is RedemptionOutcome.Reserved or RedemptionOutcome.Committed)
            return new SagaEvent(SagaEventKind.StockReserved);

        // Resumed after a crash, a reservation made back then may have lapsed or been released by now.
        if (outcomes.Contains(ReservationOutcome.OutOfStock))
            return new SagaEvent(SagaEventKind.StockRefused);
        return new SagaEvent(redeemed is RedemptionOutcome.Lapsed or RedemptionOutcome.Released or RedemptionOutcome.Reserved or RedemptionOutcome.Committed
            ? SagaEventKind.ReservationsLapsed
            : SagaEventKind.DiscountRefused);
    }

    private async Task<SagaEvent?> AwaitPayment()
    {
        // The payment grain answers this while it waits on the gateway: the order never blocks on a payment.
        var payment = await Payment.GetPayment();
        if (PaymentEvent(payment) is { } settled)
            return settled;
        if (clock.UtcNow >= state.State.ReservationDeadline)
            return new SagaEvent(SagaEventKind.ReservationsLapsed);

        await Payment.ChargeInBackground(new ChargeRequest(OrderId, Placed.Total, Placed.PaymentMethodId));
        return null;
    }

    private async Task<SagaEvent> CommitAll()
    {
        var outcomes = await ForEachLine(line => Stock(line).Commit(OrderId));
        if (!outcomes.All(o => o == ReservationOutcome.Committed))
            return new SagaEvent(SagaEventKind.CommitRefused);
        // After the stock: a refused commit then compensates with a restock, while a committed redemption is not given back.
        if (Discount is { } discount && await discount.Commit(OrderId) != RedemptionOutcome.Committed)
            return new SagaEvent(SagaEventKind.CommitRefused);

        // Once per orderId at the cart, so a repeat after a crash before Completed was written changes nothing.
        var lines = Placed.Lines.Select(l => new StockLine(l.Sku, l.Quantity)).ToList();
        await grains.GetGrain<ICartGrain>(Placed.UserId).RemoveOrdered(OrderId, lines);
        return new SagaEvent(SagaEventKind.StockCommitted);
    }

    private async Task<SagaEvent> Compensate(IReadOnlyList<SagaCommand> commands)
    {
        // A Confirmed order committed every line (Completed is written after the last commit): its own history proves
        // it, so it restocks by quantity, which works after the sku has forgotten the commit; nothing is reserved.
        var committedAll = state.State.History.Any(change => change.Status == OrderStatus.Confirmed);
        if (committedAll && commands.Contains(SagaCommand.RestockStock))
        {
            await ForEachLine(line => Stock(line).Restock(OrderId, line.Quantity));
        }
        else
        {
            // Release frees live reservations; restock returns units a commit already took. Either is a no-op otherwise.
            await Task.WhenAll(ForEachLine(line => Stock(line).Release(OrderId)), Discount?.Release(OrderId) ?? Task.FromResult(RedemptionOutcome.Released));
            if (commands.Contains(SagaCommand.RestockStock))
                await ForEachLine(line => Stock(line).Restock(OrderId));
        }

        if (commands.Contains(SagaCommand.AbandonPayment))
        {
            // One-way (the payment may be mid-charge and about to call this order), so it may be lost: the mark is
            // written with the end step and cleared once the payment confirms (ConfirmPaymentAbandoned). An order
            // refused its stock or its code at the start never asked for a payment (a resumed order meets its own
            // reservations again): no mark, so a flash sale's many refusals cost no later wake.
            state.State.PaymentAbandonUnconfirmed |= MayHaveAskedForPayment();
            await Payment.AbandonInBackground();
        }
        return new SagaEvent(SagaEventKind.Compensated);
    }

    private bool MayHaveAskedForPayment() =>
        Saga.Step == SagaStep.Cancelling || Saga.FailureReason is not (FailureReasons.OutOfStock or FailureReasons.DiscountUnavailable);

    /// <summary>Feeds a settled payment into the saga; true if it moved the saga.</summary>
    private async Task<bool> ApplyPayment(PaymentView payment) =>
        PaymentEvent(payment) is { } e && await Transition(e);

    private static SagaEvent? PaymentEvent(PaymentView payment) => payment.Status switch
    {
        PaymentStatus.Succeeded or PaymentStatus.Refunding or PaymentStatus.Refunded =>
            new SagaEvent(SagaEventKind.PaymentSucceeded, payment.PaymentIntentId),
        PaymentStatus.Declined => new SagaEvent(SagaEventKind.PaymentDeclined, payment.PaymentIntentId),
        _ => null,
    };

    private Task<ReservationOutcome[]> ForEachLine(Func<OrderLine, Task<ReservationOutcome>> call) =>
        Task.WhenAll(Placed.Lines.Select(call));

    private IInventoryGrain Stock(OrderLine line) => grains.GetGrain<IInventoryGrain>(line.Sku);

    /// <summary>The grain of the order's discount code; null for an order without one.</summary>
    private IDiscountGrain? Discount => Placed.Discount is { } discount ? grains.GetGrain<IDiscountGrain>(DiscountRules.GrainKey(discount.Code)) : null;
}
