using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Common;
using EShop.Grains.Events;
using EShop.Grains.Inventory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace EShop.Grains.Orders;

/// <summary>
/// One order: a thin shell around <see cref="CheckoutSaga"/>. Every step is persisted before its side effects;
/// on activation and whenever the silo's recovery loop wakes it (its stored state is marked pending while the saga
/// runs, see <see cref="OrderState.HasPendingWork"/>) the saga resumes from the last persisted step, and every command
/// is idempotent for the orderId, so a crash anywhere completes the order exactly once.
/// </summary>
public sealed partial class OrderGrain(
    [PersistentState("order", StorageNames.Orders)] IPersistentState<OrderState> state,
    IGrainFactory grains,
    ShopClock clock,
    IOptions<InventoryOptions> inventory,
    ISagaFaults faults,
    OutboxServices outboxServices,
    OrderMetrics metrics,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain, IRemindable, IPendingWorkGrain
{
    /// <summary>The reminder that drove sagas before the pending mark did; retired when it next ticks.</summary>
    private const string LegacySagaReminder = "saga";

    private string OrderId => this.GetPrimaryKeyString();

    private SagaState Saga => state.State.Saga;

    private PlaceOrder Placed => state.State.Placed!;

    private EventOutbox? outbox;

    // When this activation asked for the payment: the pay step's duration is measured from it (not across a crash).
    private DateTimeOffset? _payingSince;

    // The emptied outbox is written only at a durable step: writing a transient one would persist it early.
    private EventOutbox Outbox => outbox ??= new EventOutbox(
        this, () => state.State.Outbox, state.WriteStateAsync, outboxServices, mayWrite: () => CheckoutSaga.IsDurable(Saga.Step));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        if (state.State.Placed is not null && CheckoutSaga.IsRunning(Saga))
            await Resume();
    }

    public Task<Order> Start(PlaceOrder command) => Start(command, fingerprint: null);

    private async Task<Order> Start(PlaceOrder command, string? fingerprint)
    {
        if (state.State.Placed is null)
        {
            var now = clock.UtcNow;
            state.State = new OrderState
            {
                Placed = command,
                Fingerprint = fingerprint,
                CreatedAt = now,
                UpdatedAt = now,
                ReservationDeadline = now + inventory.Value.ReservationTtl,
                History = [new StatusChange(OrderStatus.Pending, now)],
            };
            Outbox.Record(EventStreams.Orders, EventTypes.OrderPlaced, OrderId, state.State.ToEvent(OrderId, now));
            await WriteOrDrop();
            metrics.Placed();
            Outbox.Publish();
            try
            {
                faults.AfterStep(OrderId, SagaStep.Started);
            }
            catch (SimulatedCrashException)
            {
                DeactivateOnIdle();
                throw;
            }
        }

        // On every call, not only the first: a repeat after a crash right after the write above must still list
        // the order and set its reminder. Both are idempotent.
        if (CheckoutSaga.IsRunning(Saga))
            await Resume();
        return state.State.ToOrder(OrderId);
    }

    /// <summary>Makes sure a running saga is listed for its user and is being driven.</summary>
    private async Task Resume()
    {
        await grains.GetGrain<IUserOrdersGrain>(Placed.UserId).Add(OrderId, state.State.CreatedAt);
        await Self.Advance();
    }

    public Task ResumePendingWork()
    {
        if (state.State.Placed is null)
            return Task.CompletedTask;
        if (CheckoutSaga.IsRunning(Saga))
            return Resume();
        return state.State.PaymentAbandonUnconfirmed ? ConfirmPaymentAbandoned() : Task.CompletedTask;
    }

    /// <summary>
    /// Clears the order's last pending mark once its payment shows it abandoned and holding no money (never charged,
    /// declined or refunded); until then the abandon is sent again, which is idempotent and retries a refund that
    /// stalled. A payment still waiting for the gateway's webhook keeps the order waiting with it.
    /// </summary>
    private async Task ConfirmPaymentAbandoned()
    {
        var payment = await Payment.GetPayment();
        if (payment.Abandoned && payment.Status is PaymentStatus.None or PaymentStatus.Declined or PaymentStatus.Refunded)
        {
            state.State.PaymentAbandonUnconfirmed = false;
            await WriteOrDrop();
            return;
        }

        LogAbandonResent(logger, OrderId, payment.Status, payment.Abandoned);
        await Payment.AbandonInBackground();
    }

    public Task<Order?> GetOrder() => Task.FromResult(state.State.Placed is null ? null : state.State.ToOrder(OrderId));

    public Task Advance() => Drive();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EventOutbox.ReminderName)
        {
            Outbox.Publish();
            return;
        }

        await Drive();
        if (reminderName == LegacySagaReminder && !CheckoutSaga.IsRunning(Saga) && await this.GetReminder(LegacySagaReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    public async Task PaymentSettled(PaymentView payment)
    {
        if (state.State.Placed is null || await ApplyPayment(payment))
        {
            await Drive();
            return;
        }

        // A success this order no longer waits for (it failed or was cancelled meanwhile) is given back.
        if (payment.Status == PaymentStatus.Succeeded && CheckoutSaga.GaveUp(Saga.Step))
            await Payment.AbandonInBackground();
    }

    public Task<OrderActionResult> Cancel() => Act(SagaEventKind.CancelRequested, alreadyThere: SagaStep.Cancelled);

    public Task<OrderActionResult> Ship() => Act(SagaEventKind.ShipRequested, alreadyThere: SagaStep.Shipped);

    public Task<OrderActionResult> Deliver() => Act(SagaEventKind.DeliverRequested, alreadyThere: SagaStep.Delivered);

    public async Task<bool> ErasePersonalData(DateTimeOffset shippedBefore)
    {
        if (state.State.Placed is not { } placed || placed.ShippingAddress.FullName == UserRules.ErasedMarker)
            return false;
        // Shipped goods keep their delivery address for the retention period (invoices, disputes): see docs/security.md.
        if (state.State.History.FirstOrDefault(change => change.Status == OrderStatus.Shipped) is { } shipped && shipped.At >= shippedBefore)
            return true;
        state.State.Placed = placed with { ShippingAddress = UserRules.Erased(placed.ShippingAddress) };
        await WriteOrDrop();
        return false;
    }

    private IOrderGrain Self => this.AsReference<IOrderGrain>();

    private IPaymentGrain Payment => grains.GetGrain<IPaymentGrain>(OrderId);

    private async Task<OrderActionResult> Act(SagaEventKind kind, SagaStep alreadyThere)
    {
        if (state.State.Placed is null)
            return new OrderActionResult(OrderActionStatus.NotFound, null);
        if (Saga.Step == alreadyThere || (kind == SagaEventKind.CancelRequested && Saga.Step == SagaStep.Cancelling))
            return new OrderActionResult(OrderActionStatus.Done, state.State.ToOrder(OrderId));
        if (!await Transition(new SagaEvent(kind)))
            return new OrderActionResult(OrderActionStatus.WrongState, state.State.ToOrder(OrderId));

        await Drive();
        return new OrderActionResult(OrderActionStatus.Done, state.State.ToOrder(OrderId));
    }

    /// <summary>Applies the event, writing the new state if its step is durable; false when the event does not apply now.</summary>
    private async Task<bool> Transition(SagaEvent e)
    {
        if (CheckoutSaga.Next(Saga, e) is not { } next)
            return false;

        var now = clock.UtcNow;
        if (Saga.Step == SagaStep.PaymentProcessing && _payingSince is { } since)
            metrics.Step("pay", now - since);
        _payingSince = next.Step == SagaStep.PaymentProcessing ? now : null;
        var status = CheckoutSaga.PublicStatus(next.Step);
        var changed = status != CheckoutSaga.PublicStatus(Saga.Step);
        if (changed)
            state.State.History.Add(new StatusChange(status, now));
        state.State.Saga = next;
        state.State.UpdatedAt = now;
        // Every public status is reached at a durable step, so its event is written with it.
        if (changed && EventTypeFor(status) is { } type)
            Outbox.Record(EventStreams.Orders, type, OrderId, state.State.ToEvent(OrderId, now));
        if (CheckoutSaga.IsDurable(next.Step))
        {
            await WriteOrDrop();
            TellWatchers();
            if (changed)
            {
                metrics.Reached(status, status == OrderStatus.Failed ? next.FailureReason : null);
                metrics.Settled(status, now - state.State.CreatedAt);
            }

            Outbox.Publish();
            if (next.Step is SagaStep.Completed or SagaStep.Failed or SagaStep.Cancelled)
                ForgetHolds();
        }

        faults.AfterStep(OrderId, next.Step);
        return true;
    }

    /// <summary>
    /// Writes the state; if the write fails, the saga in memory is a step ahead of storage and a repeat would not
    /// write that step again, so the activation is dropped: the next call or reminder tick resumes from storage.
    /// </summary>
    private async Task WriteOrDrop()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// Written an end: the skus may forget what they remember of this order's holds (a later cancellation of a
    /// Confirmed order restocks by quantity), so that a sku's state holds live work, not its sales history.
    /// </summary>
    private void ForgetHolds()
    {
        foreach (var sku in Placed.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal))
            _ = grains.GetGrain<IInventoryGrain>(sku).Forget(OrderId);
        _ = Discount?.Forget(OrderId);
    }

    private static string? EventTypeFor(string status) => status switch
    {
        OrderStatus.Confirmed => EventTypes.OrderConfirmed,
        OrderStatus.Failed => EventTypes.OrderFailed,
        OrderStatus.Cancelled => EventTypes.OrderCancelled,
        OrderStatus.Shipped => EventTypes.OrderShipped,
        OrderStatus.Delivered => EventTypes.OrderDelivered,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} gave up, but its payment is {Status} (abandoned: {Abandoned}); telling it to abandon again")]
    private static partial void LogAbandonResent(ILogger logger, string orderId, PaymentStatus status, bool abandoned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} stopped at step {Step}; the next reminder tick retries")]
    private static partial void LogStalled(ILogger logger, Exception exception, string orderId, SagaStep step);
}
