using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EShop.Grains.Abstractions.Common;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Payments;

/// <summary>
/// The default gateway: answers like Stripe test mode for its test payment methods, remembers idempotency keys
/// as Stripe does (a repeat returns the first answer, with no second charge), and can be slowed down or made to
/// fail like a network for tests and load runs.
/// </summary>
public sealed class SimulatedPaymentGateway(IOptions<SimulatedGatewayOptions> options, ShopClock clock) : IPaymentGateway
{
    public static IReadOnlySet<string> Succeeding { get; } = new HashSet<string>(StringComparer.Ordinal) { "pm_card_visa", "pm_card_mastercard" };

    public static IReadOnlyDictionary<string, string> Declining { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pm_card_chargeDeclined"] = "generic_decline",
        ["pm_card_chargeDeclinedInsufficientFunds"] = "insufficient_funds",
    };

    private readonly ConcurrentDictionary<string, GatewayChargeResult> _charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GatewayRefundResult> _refunds = new(StringComparer.Ordinal);
    private int _captured;
    private int _refunded;

    /// <summary>Charges that took money (each idempotency key counted once).</summary>
    public int CapturedCharges => Volatile.Read(ref _captured);

    public int Refunds => Volatile.Read(ref _refunded);

    public bool Accepts(string paymentMethodId) =>
        Succeeding.Contains(paymentMethodId) || Declining.ContainsKey(paymentMethodId);

    public async Task<GatewayChargeResult> ChargeAsync(GatewayCharge charge, CancellationToken cancellationToken)
    {
        await Simulate(cancellationToken);
        return _charges.GetOrAdd(charge.IdempotencyKey, _ =>
        {
            // Derived from the idempotency key, as Stripe answers a repeated key with the same intent: a retry
            // after a restart (which empties this cache) still names the one charge.
            var intentId = $"pi_sim_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(charge.IdempotencyKey)))[..24]}";
            if (Declining.TryGetValue(charge.PaymentMethodId, out var code))
                return new GatewayChargeResult(GatewayChargeStatus.Declined, intentId, code);
            if (!Succeeding.Contains(charge.PaymentMethodId))
                return new GatewayChargeResult(GatewayChargeStatus.Declined, intentId, "invalid_payment_method");
            Interlocked.Increment(ref _captured);
            return new GatewayChargeResult(GatewayChargeStatus.Succeeded, intentId);
        });
    }

    public async Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken cancellationToken)
    {
        await Simulate(cancellationToken);
        return _refunds.GetOrAdd(refund.IdempotencyKey, _ =>
        {
            Interlocked.Increment(ref _refunded);
            return new GatewayRefundResult($"re_sim_{Guid.NewGuid():N}");
        });
    }

    private async Task Simulate(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Latency > TimeSpan.Zero)
            await Task.Delay(settings.Latency, clock.Time, cancellationToken);
#pragma warning disable CA5394 // Failure injection, not security.
        if (settings.FailureRate > 0 && Random.Shared.NextDouble() < settings.FailureRate)
#pragma warning restore CA5394
            throw new PaymentGatewayException("Simulated network failure.");
    }
}
