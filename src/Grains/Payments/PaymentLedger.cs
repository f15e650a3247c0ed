using System.Collections.Concurrent;

namespace EShop.Grains.Payments;

public sealed record LedgerCharge(string OrderId, string PaymentIntentId, long Amount, string Currency);

/// <summary>
/// Every charge the gateway took, recorded by the payment grain before its own state. In PostgreSQL a unique
/// (order_id, payment_intent_id) makes a repeated record a no-op: the last line of defence against a double charge.
/// </summary>
public interface IPaymentLedger
{
    Task RecordChargeAsync(LedgerCharge charge, CancellationToken cancellationToken = default);

    Task RecordRefundAsync(string orderId, string paymentIntentId, string refundId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LedgerCharge>> ChargesAsync(string orderId, CancellationToken cancellationToken = default);
}

/// <summary>The ledger of memory mode: gone with the process, like the rest of its state.</summary>
public sealed class MemoryPaymentLedger : IPaymentLedger
{
    private readonly ConcurrentDictionary<(string OrderId, string IntentId), LedgerCharge> _charges = new();

    public Task RecordChargeAsync(LedgerCharge charge, CancellationToken cancellationToken = default)
    {
        _charges.TryAdd((charge.OrderId, charge.PaymentIntentId), charge);
        return Task.CompletedTask;
    }

    public Task RecordRefundAsync(string orderId, string paymentIntentId, string refundId, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    public Task<IReadOnlyList<LedgerCharge>> ChargesAsync(string orderId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LedgerCharge>>([.. _charges.Values.Where(c => c.OrderId == orderId)]);
}
