using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EShop.Grains.Payments;

/// <summary>
/// The payments meter: every gateway call by operation and outcome, its duration, and the state of the gateway's
/// circuit breaker. In Prometheus: <c>eshop_payments_gateway_calls_total</c>,
/// <c>eshop_payments_gateway_duration_seconds</c>, <c>eshop_payments_gateway_circuit_state</c>.
/// </summary>
public sealed class PaymentGatewayMetrics
{
    public const string MeterName = "EShop.Payments";
    public const string Calls = "eshop.payments.gateway.calls";
    public const string Duration = "eshop.payments.gateway.duration";
    public const string CircuitState = "eshop.payments.gateway.circuit.state";

    public const string OperationTag = "operation";
    public const string OutcomeTag = "outcome";

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private int _circuit;

    public PaymentGatewayMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>(Calls, "{call}", "Payment gateway calls by operation (charge, refund) and outcome.");
        _duration = meter.CreateHistogram<double>(Duration, "s", "Time a payment gateway call took, retries included.");
        meter.CreateObservableGauge(CircuitState, () => Volatile.Read(ref _circuit), "{state}",
            "The gateway circuit breaker: 0 closed, 1 open (calls refused), 2 half-open (one trial call).");
    }

    /// <summary>The circuit breaker's state as the gauge reports it.</summary>
    public GatewayCircuit Circuit => (GatewayCircuit)Volatile.Read(ref _circuit);

    public void CircuitChanged(GatewayCircuit state) => Volatile.Write(ref _circuit, (int)state);

    public void Record(string operation, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { OperationTag, operation }, { OutcomeTag, outcome } };
        _calls.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}

public enum GatewayCircuit
{
    Closed = 0,
    Open = 1,
    HalfOpen = 2,
}

/// <summary>Measures whichever gateway is configured, so that the simulated one reports like Stripe.</summary>
internal sealed class MeteredPaymentGateway(IPaymentGateway inner, PaymentGatewayMetrics metrics) : IPaymentGateway
{
    public IPaymentGateway Inner => inner;

    public bool Accepts(string paymentMethodId) => inner.Accepts(paymentMethodId);

    public async Task<GatewayChargeResult> ChargeAsync(GatewayCharge charge, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.ChargeAsync(charge, cancellationToken);
            metrics.Record("charge", Outcome(result.Status), Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception ex) when (Failure(ex) is { } outcome)
        {
            metrics.Record("charge", outcome, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    public async Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.RefundAsync(refund, cancellationToken);
            metrics.Record("refund", "succeeded", Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception ex) when (Failure(ex) is { } outcome)
        {
            metrics.Record("refund", outcome, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    private static string Outcome(GatewayChargeStatus status) => status switch
    {
        GatewayChargeStatus.Succeeded => "succeeded",
        GatewayChargeStatus.Declined => "declined",
        _ => "pending",
    };

    private static string? Failure(Exception ex) => ex switch
    {
        PaymentGatewayException { Failure: PaymentGatewayFailure.CircuitOpen } => "circuit_open",
        PaymentGatewayException { Failure: PaymentGatewayFailure.Timeout } or OperationCanceledException => "timeout",
        PaymentGatewayException => "error",
        _ => null,
    };
}
