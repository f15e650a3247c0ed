using EShop.Grains.Payments;
using EShop.Grains.Payments.Stripe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Tests.Payments;

/// <summary>The Stripe HttpClient's pipeline (StripeHttp): attempt timeouts, retries and the circuit breaker.</summary>
public sealed class StripeResilienceTests : IDisposable
{
    private static readonly Dictionary<string, string?> QuickBreaker = new()
    {
        ["MinimumThroughput"] = "2",
        ["FailureRatio"] = "0.5",
        ["BreakDuration"] = "00:00:00.500",
    };

    private readonly StripeFake _stripe = new();

    private static GatewayCharge Charge()
    {
        var orderId = $"order-{Guid.NewGuid():N}";
        return new GatewayCharge(orderId, 1999, "EUR", "pm_card_visa", $"{orderId}:charge:1");
    }

    [Fact]
    public async Task Every_retry_of_one_charge_carries_the_one_idempotency_key_of_the_charge()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 503, StripeFake.Error("api_error"), nextState: "failed-once");
        _stripe.Answer(StripeFake.PaymentIntents, 500, StripeFake.Error("api_error"), scenarioState: "failed-once", nextState: "failed-twice");
        _stripe.Answer(StripeFake.PaymentIntents, 200, StripeFake.Intent("pi_third_try", "succeeded"), scenarioState: "failed-twice");
        var charge = Charge();

        var result = await _stripe.Gateway(maxRetryAttempts: 2).ChargeAsync(charge, TestContext.Current.CancellationToken);

        Assert.Equal(new GatewayChargeResult(GatewayChargeStatus.Succeeded, "pi_third_try"), result);
        var keys = _stripe.Calls(StripeFake.PaymentIntents).Select(c => c.IdempotencyKey).ToArray();
        Assert.Equal([charge.IdempotencyKey, charge.IdempotencyKey, charge.IdempotencyKey], keys);
    }

    [Fact]
    public async Task An_answer_slower_than_the_attempt_timeout_is_abandoned_and_the_charge_retried()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 200, StripeFake.Intent("pi_slow", "succeeded"), nextState: "slow-once", delay: TimeSpan.FromSeconds(4));
        _stripe.Answer(StripeFake.PaymentIntents, 200, StripeFake.Intent("pi_slow", "succeeded"), scenarioState: "slow-once");
        var charge = Charge();
        var gateway = _stripe.Gateway(maxRetryAttempts: 3, new Dictionary<string, string?> { ["AttemptTimeout"] = "00:00:01" });

        var result = await gateway.ChargeAsync(charge, TestContext.Current.CancellationToken);

        Assert.Equal(GatewayChargeStatus.Succeeded, result.Status);
        // The fake logs the abandoned request once it has finished answering it, to nobody.
        await Orders.Shop.Eventually(() => Task.FromResult(_stripe.Calls(StripeFake.PaymentIntents).Count >= 2), "the slow request is logged");
        Assert.All(_stripe.Calls(StripeFake.PaymentIntents), call => Assert.Equal(charge.IdempotencyKey, call.IdempotencyKey));
    }

    [Fact]
    public async Task A_server_error_Stripe_marks_as_not_worth_retrying_is_not_retried()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 500, StripeFake.Error("api_error"), header: ("Stripe-Should-Retry", "false"));

        var failure = await Assert.ThrowsAsync<PaymentGatewayException>(() => _stripe.Gateway(maxRetryAttempts: 3).ChargeAsync(Charge(), TestContext.Current.CancellationToken));

        Assert.Equal(PaymentGatewayFailure.Error, failure.Failure);
        Assert.Single(_stripe.Calls(StripeFake.PaymentIntents));
    }

    [Fact]
    public async Task Failures_open_the_circuit_and_then_charges_fail_fast_as_unavailable_without_reaching_Stripe()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 500, StripeFake.Error("api_error"));
        var services = _stripe.Services(maxRetryAttempts: 1, QuickBreaker);
        var gateway = services.GetRequiredService<StripePaymentGateway>();
        await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken));
        Assert.Equal(2, _stripe.Calls(StripeFake.PaymentIntents).Count);

        var refused = await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken));

        Assert.Equal(PaymentGatewayFailure.CircuitOpen, refused.Failure);
        Assert.Equal(2, _stripe.Calls(StripeFake.PaymentIntents).Count);
        Assert.Equal(GatewayCircuit.Open, services.GetRequiredService<PaymentGatewayMetrics>().Circuit);
    }

    [Fact]
    public async Task After_the_break_one_trial_call_reaches_Stripe_and_its_success_closes_the_circuit()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 503, StripeFake.Error("api_error"));
        var services = _stripe.Services(maxRetryAttempts: 1, QuickBreaker);
        var gateway = services.GetRequiredService<StripePaymentGateway>();
        await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken));
        var metrics = services.GetRequiredService<PaymentGatewayMetrics>();
        Assert.Equal(GatewayCircuit.Open, metrics.Circuit);

        _stripe.Server.Reset();
        _stripe.AnswerIntent("succeeded", "pi_after_break");
        var result = await ChargeOnceTheCircuitLetsThrough(gateway);

        Assert.Equal("pi_after_break", result.PaymentIntentId);
        Assert.Single(_stripe.Calls(StripeFake.PaymentIntents));
        Assert.Equal(GatewayCircuit.Closed, metrics.Circuit);
    }

    [Fact]
    public async Task Gateway_calls_are_counted_by_operation_and_outcome()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 500, StripeFake.Error("api_error"));
        var services = _stripe.Services(maxRetryAttempts: 1, QuickBreaker);
        using var calls = new MetricCollector<long>(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), PaymentGatewayMetrics.MeterName, PaymentGatewayMetrics.Calls);
        var gateway = services.GetRequiredService<IPaymentGateway>();

        await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken));

        var outcomes = calls.GetMeasurementSnapshot().Select(m => ((string?)m.Tags[PaymentGatewayMetrics.OperationTag], (string?)m.Tags[PaymentGatewayMetrics.OutcomeTag]));
        Assert.Equal([("charge", "error"), ("charge", "circuit_open")], outcomes);
    }

    [Theory]
    [InlineData("AttemptTimeout", "00:00:26", "exceeds TotalTimeout")]
    [InlineData("SamplingDuration", "00:00:03", "at least twice AttemptTimeout")]
    [InlineData("TotalTimeout", "00:01:00", "exceeds Payments:GatewayTimeout")]
    public void Settings_that_contradict_each_other_stop_the_start(string key, string value, string reason)
    {
        var services = _stripe.Services(settings: new Dictionary<string, string?> { [key] = value });

        // At start, and once: the pipeline's own validation does not repeat it.
        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
    }

    private static async Task<GatewayChargeResult> ChargeOnceTheCircuitLetsThrough(StripePaymentGateway gateway)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken);
            }
            catch (PaymentGatewayException ex) when (ex.Failure == PaymentGatewayFailure.CircuitOpen && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    public void Dispose() => _stripe.Dispose();
}
