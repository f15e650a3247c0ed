using System.Collections.Concurrent;
using EShop.Grains.Orders;
using EShop.Grains.Payments;

namespace EShop.Grains.Tests.Infrastructure;

/// <summary>Crashes an order's activation once, right after that order reaches the armed step (written or not).</summary>
public sealed class CrashOnce : ISagaFaults
{
    private readonly ConcurrentDictionary<string, SagaStep> _armed = new();

    public ConcurrentBag<(string OrderId, SagaStep Step)> Fired { get; } = [];

    public void Arm(string orderId, SagaStep step) => _armed[orderId] = step;

    public void AfterStep(string orderId, SagaStep reached)
    {
        if (_armed.TryGetValue(orderId, out var step) && step == reached && _armed.TryRemove(orderId, out _))
        {
            Fired.Add((orderId, reached));
            throw new SimulatedCrashException($"Crash after {reached} of {orderId}");
        }
    }
}

/// <summary>
/// The simulated gateway, except that charges with <see cref="HeldMethod"/> wait at the gateway until the test
/// lets them through (then succeed as a visa would): a payment stuck at the provider.
/// </summary>
public sealed class HoldingGateway(SimulatedPaymentGateway inner) : IPaymentGateway
{
    public const string HeldMethod = "pm_test_held";

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _taken = new(StringComparer.Ordinal);

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SimulatedPaymentGateway Inner => inner;

    public void Release() => _gate.TrySetResult();

    public bool Accepts(string paymentMethodId) => paymentMethodId == HeldMethod || inner.Accepts(paymentMethodId);

    /// <summary>Charges of the order that took money: one per distinct intent, as the provider sees them.</summary>
    public int ChargesTaken(string orderId) => _taken.TryGetValue(orderId, out var intents) ? intents.Count : 0;

    public async Task<GatewayChargeResult> ChargeAsync(GatewayCharge charge, CancellationToken cancellationToken)
    {
        var result = await ChargeOrHold(charge, cancellationToken);
        if (result.Status == GatewayChargeStatus.Succeeded)
            _taken.GetOrAdd(charge.OrderId, _ => new(StringComparer.Ordinal))[result.PaymentIntentId ?? charge.IdempotencyKey] = 0;
        return result;
    }

    private async Task<GatewayChargeResult> ChargeOrHold(GatewayCharge charge, CancellationToken cancellationToken)
    {
        if (charge.PaymentMethodId != HeldMethod)
            return await inner.ChargeAsync(charge, cancellationToken);
        Entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return await inner.ChargeAsync(charge with { PaymentMethodId = "pm_card_visa" }, cancellationToken);
    }

    public Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken cancellationToken) =>
        inner.RefundAsync(refund, cancellationToken);
}
