using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using EShop.Grains.Common;

namespace EShop.Grains.Payments;

[GenerateSerializer, Alias("eshop.payment-state.v1")]
public sealed class PaymentState
{
    [Id(0)] public PaymentStatus Status { get; set; }
    [Id(1)] public ChargeRequest? Request { get; set; }
    [Id(2)] public int Attempt { get; set; }
    [Id(3)] public string? PaymentIntentId { get; set; }
    [Id(4)] public string? DeclineCode { get; set; }
    [Id(5)] public int Charges { get; set; }
    [Id(6)] public bool Abandoned { get; set; }
    [Id(7)] public string? RefundId { get; set; }
    [Id(8)] public List<string> SeenEvents { get; set; } = [];
    [Id(9)] public List<DomainEvent> Outbox { get; set; } = [];
}

/// <summary>
/// The payment of one order. Every gateway call carries an idempotency key derived from the orderId and the
/// attempt, so a retry after a crash or a timeout meets the first call's answer and never charges twice; that
/// is why only outcomes are written (after the ledger), not the intent to call. Outcomes go back to the order
/// grain one-way: the order never waits on the gateway.
/// </summary>
public sealed partial class PaymentGrain(
    [PersistentState("payment", StorageNames.Payments)] IPersistentState<PaymentState> state,
    IPaymentGateway gateway,
    IPaymentLedger ledger,
    IGrainFactory grains,
    IOptions<PaymentOptions> options,
    OutboxServices outboxServices,
    ILogger<PaymentGrain> logger) : Grain, IPaymentGrain, IRemindable
{
    private const string RetryReminder = "payment-retry";
    private const int RememberedEvents = 50;

    private EventOutbox? outbox;

    private string OrderId => this.GetPrimaryKeyString();

    private PaymentState S => state.State;

    private EventOutbox Outbox => outbox ??= new EventOutbox(this, () => S.Outbox, state.WriteStateAsync, outboxServices);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    public Task<PaymentView> GetPayment() => Task.FromResult(View());

    public Task<PaymentView> Charge(ChargeRequest request) => DroppedOnFailure(() => ChargeOnce(request));

    public Task<PaymentView> ApplyGatewayEvent(GatewayEvent gatewayEvent) => DroppedOnFailure(() => Apply(gatewayEvent));

    public Task<PaymentView> Refund() => DroppedOnFailure(RefundOnce);

    public Task<PaymentView> Abandon() => DroppedOnFailure(AbandonOnce);

    private async Task<PaymentView> ChargeOnce(ChargeRequest request)
    {
        if (S.Status == PaymentStatus.None)
        {
            if (S.Abandoned)
                return View();

            // Held in memory until the outcome is written: lost with the activation, the order asks again.
            S.Request = request;
            S.Status = PaymentStatus.Processing;
            S.Attempt = 1;
        }

        // Processing with an intent id is waiting for the gateway's webhook, not for another call.
        if (S.Status != PaymentStatus.Processing || S.PaymentIntentId is not null)
            return View();

        // The order gave up (a charge request queued behind its Abandon): a charge now would only be given back. One
        // that reached the gateway earlier is heard of by webhook and refunded then.
        if (S.Abandoned)
            return View();

        var charge = new GatewayCharge(OrderId, S.Request!.Amount.Amount, S.Request.Amount.Currency, S.Request.PaymentMethodId, $"{OrderId}:charge:{S.Attempt}");
        GatewayChargeResult result;
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.GatewayTimeout);
            result = await gateway.ChargeAsync(charge, timeout.Token);
        }
        catch (Exception ex) when (ex is PaymentGatewayException or OperationCanceledException)
        {
            LogGatewayFailure(logger, ex, "charge", OrderId);
            return View();
        }

        S.PaymentIntentId = result.PaymentIntentId;
        return result.Status switch
        {
            GatewayChargeStatus.Succeeded => await Settle(succeeded: true, null),
            GatewayChargeStatus.Declined => await Settle(succeeded: false, result.DeclineCode),
            _ => await Saved(),
        };
    }

    private async Task<PaymentView> Apply(GatewayEvent gatewayEvent)
    {
        if (S.SeenEvents.Contains(gatewayEvent.EventId))
            return View();
        S.SeenEvents.Add(gatewayEvent.EventId);
        if (S.SeenEvents.Count > RememberedEvents)
            S.SeenEvents.RemoveAt(0);

        var ours = S.PaymentIntentId is null || S.PaymentIntentId == gatewayEvent.PaymentIntentId;
        if (S.Status == PaymentStatus.None && ours && Adopt(gatewayEvent))
            LogAdopted(logger, OrderId, gatewayEvent.PaymentIntentId, S.Abandoned);
        if (S.Status != PaymentStatus.Processing || !ours)
            return await Saved();
        S.PaymentIntentId = gatewayEvent.PaymentIntentId;
        return await Settle(gatewayEvent.Kind == GatewayEventKind.Succeeded, gatewayEvent.DeclineCode);
    }

    /// <summary>
    /// The gateway reports a charge this grain has no record of: the call reached the gateway, but its Processing
    /// status (kept in memory until the outcome) was lost with an activation (a silo died, or a failure dropped it)
    /// before the answer came. The money was taken all the same, so the grain takes the charge up as its own, with the
    /// amount the event names: it is then recorded, and refunded at once if the order has given up (found by the chaos
    /// run: cancelled and failed orders kept such charges). False when the event names no amount to record.
    /// </summary>
    private bool Adopt(GatewayEvent gatewayEvent)
    {
        var request = S.Request ?? (gatewayEvent.Amount is { } amount ? new ChargeRequest(OrderId, amount, "") : null);
        if (request is null)
            return false;
        S.Request = request;
        S.Status = PaymentStatus.Processing;
        S.Attempt = Math.Max(S.Attempt, 1);
        return true;
    }

    private async Task<PaymentView> RefundOnce()
    {
        if (S.Status is not (PaymentStatus.Succeeded or PaymentStatus.Refunding))
            return View();
        if (S.Status == PaymentStatus.Succeeded)
        {
            S.Status = PaymentStatus.Refunding;
            await state.WriteStateAsync();
        }

        var refund = new GatewayRefund(OrderId, S.PaymentIntentId!, S.Request!.Amount.Amount, $"{OrderId}:refund");
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.GatewayTimeout);
            S.RefundId = (await gateway.RefundAsync(refund, timeout.Token)).RefundId;
        }
        catch (Exception ex) when (ex is PaymentGatewayException or OperationCanceledException)
        {
            LogGatewayFailure(logger, ex, "refund", OrderId);
            await this.RegisterOrUpdateReminderEvery(RetryReminder, options.Value.RetryInterval);
            return View();
        }

        await ledger.RecordRefundAsync(OrderId, S.PaymentIntentId!, S.RefundId);
        S.Status = PaymentStatus.Refunded;
        RecordOutcome(EventTypes.PaymentRefunded);
        await state.WriteStateAsync();
        Outbox.Publish();
        if (await this.GetReminder(RetryReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
        return View();
    }

    private async Task<PaymentView> AbandonOnce()
    {
        if (!S.Abandoned)
        {
            // Shown (GetPayment interleaves) only once written: the order clears its pending mark on seeing it.
            S.Abandoned = true;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                S.Abandoned = false;
                throw;
            }
        }

        return await RefundOnce();
    }

    public Task ChargeInBackground(ChargeRequest request) => Charge(request);

    public Task AbandonInBackground() => Abandon();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EventOutbox.ReminderName)
            Outbox.Publish();
        else
            await Refund();
    }

    /// <summary>
    /// Runs one operation; if it fails (gateway, ledger, storage or the order), this activation may be ahead of
    /// storage, e.g. Processing with an intent id, which reads as "waiting for the webhook" and would keep every
    /// later saga tick waiting. Dropping the activation makes the next call reload the last written state and
    /// retry with the same idempotency key, which meets the gateway's first answer.
    /// </summary>
    private async Task<PaymentView> DroppedOnFailure(Func<Task<PaymentView>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex)
        {
            LogDropped(logger, ex, OrderId);
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task<PaymentView> Settle(bool succeeded, string? declineCode)
    {
        // The ledger first: if the state write below is lost, the retry records the same charge again, a no-op.
        if (succeeded)
            await ledger.RecordChargeAsync(new LedgerCharge(OrderId, S.PaymentIntentId!, S.Request!.Amount.Amount, S.Request.Amount.Currency));
        S.Status = succeeded ? PaymentStatus.Succeeded : PaymentStatus.Declined;
        S.DeclineCode = declineCode;
        if (succeeded)
            S.Charges++;
        RecordOutcome(succeeded ? EventTypes.PaymentSucceeded : EventTypes.PaymentFailed);
        await state.WriteStateAsync();
        Outbox.Publish();

        // A success the order no longer wants (it timed out or was cancelled) is given back at once.
        var view = S.Abandoned && succeeded ? await RefundOnce() : View();
        await grains.GetGrain<IOrderGrain>(OrderId).PaymentSettled(view);
        return view;
    }

    private async Task<PaymentView> Saved()
    {
        await state.WriteStateAsync();
        return View();
    }

    private void RecordOutcome(string type) =>
        Outbox.Record(EventStreams.Payments, type, OrderId,
            new PaymentEventV1(OrderId, S.PaymentIntentId, S.Request!.Amount, S.Status.ToString(), S.DeclineCode, S.RefundId));

    private PaymentView View() => new(S.Status, S.PaymentIntentId, S.DeclineCode, S.Charges, S.Abandoned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment gateway {Operation} for order {OrderId} failed; it will be retried with the same idempotency key")]
    private static partial void LogGatewayFailure(ILogger logger, Exception exception, string operation, string orderId);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Payment of order {OrderId}: the gateway reports PaymentIntent {PaymentIntentId}, which this grain had lost track of; taking it up (order gave up: {Abandoned})")]
    private static partial void LogAdopted(ILogger logger, string orderId, string paymentIntentId, bool abandoned);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Payment of order {OrderId} failed, possibly with unwritten changes; the activation is dropped and the next call starts from stored state")]
    private static partial void LogDropped(ILogger logger, Exception exception, string orderId);
}
