using EShop.Grains.Payments;

namespace EShop.Grains.Tests.Payments;

public sealed class StripePaymentGatewayTests : IDisposable
{
    private readonly StripeFake _stripe = new();

    private static GatewayCharge Charge(string paymentMethod = "pm_card_visa", string? key = null)
    {
        var orderId = $"order-{Guid.NewGuid():N}";
        return new GatewayCharge(orderId, 1999, "EUR", paymentMethod, key ?? $"{orderId}:charge:1");
    }

    [Fact]
    public async Task A_charge_creates_and_confirms_one_PaymentIntent_for_the_order()
    {
        _stripe.AnswerIntent("succeeded", "pi_ok");
        var charge = Charge();

        var result = await _stripe.Gateway().ChargeAsync(charge, TestContext.Current.CancellationToken);

        Assert.Equal(new GatewayChargeResult(GatewayChargeStatus.Succeeded, "pi_ok"), result);
        var call = Assert.Single(_stripe.Calls(StripeFake.PaymentIntents));
        Assert.Equal("1999", call.Form["amount"]);
        Assert.Equal("eur", call.Form["currency"]);
        Assert.Equal("pm_card_visa", call.Form["payment_method"]);
        Assert.Equal("true", call.Form["confirm"]);
        Assert.Equal(charge.OrderId, call.Form["metadata[order_id]"]);
        Assert.Equal("true", call.Form["automatic_payment_methods[enabled]"]);
        Assert.Equal("never", call.Form["automatic_payment_methods[allow_redirects]"]);
        Assert.Equal(charge.IdempotencyKey, call.IdempotencyKey);
        Assert.Equal($"Bearer {StripeFake.SecretKey}", call.Authorization);
    }

    [Fact]
    public async Task A_server_error_is_retried_with_the_same_idempotency_key()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 500, StripeFake.Error("api_error"), nextState: "failed-once");
        _stripe.Answer(StripeFake.PaymentIntents, 200, StripeFake.Intent("pi_second_try", "succeeded"), scenarioState: "failed-once");
        var charge = Charge();

        var result = await _stripe.Gateway(maxRetryAttempts: 1).ChargeAsync(charge, TestContext.Current.CancellationToken);

        Assert.Equal(GatewayChargeStatus.Succeeded, result.Status);
        Assert.Equal("pi_second_try", result.PaymentIntentId);
        var keys = _stripe.Calls(StripeFake.PaymentIntents).Select(c => c.IdempotencyKey).ToArray();
        Assert.Equal([charge.IdempotencyKey, charge.IdempotencyKey], keys);
    }

    [Fact]
    public async Task Charging_the_same_attempt_twice_sends_the_same_idempotency_key_both_times()
    {
        _stripe.AnswerIntent("succeeded");
        var charge = Charge();
        var gateway = _stripe.Gateway();

        await gateway.ChargeAsync(charge, TestContext.Current.CancellationToken);
        await gateway.ChargeAsync(charge, TestContext.Current.CancellationToken);

        var keys = _stripe.Calls(StripeFake.PaymentIntents).Select(c => c.IdempotencyKey).ToArray();
        Assert.Equal([charge.IdempotencyKey, charge.IdempotencyKey], keys);
    }

    [Fact]
    public async Task A_card_decline_is_answered_as_declined_with_its_decline_code_and_intent_and_never_retried()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 402, StripeFake.Error("card_error", "card_declined", "insufficient_funds", "pi_declined"));

        var result = await _stripe.Gateway(maxRetryAttempts: 3).ChargeAsync(Charge("pm_card_chargeDeclinedInsufficientFunds"), TestContext.Current.CancellationToken);

        Assert.Equal(new GatewayChargeResult(GatewayChargeStatus.Declined, "pi_declined", "insufficient_funds"), result);
        Assert.Single(_stripe.Calls(StripeFake.PaymentIntents));
    }

    [Fact]
    public async Task A_payment_method_Stripe_does_not_know_is_declined_not_retried()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 400, StripeFake.Error("invalid_request_error", "resource_missing", param: "payment_method"));

        var result = await _stripe.Gateway(maxRetryAttempts: 2).ChargeAsync(Charge("pm_unknown"), TestContext.Current.CancellationToken);

        Assert.Equal(new GatewayChargeResult(GatewayChargeStatus.Declined, null, "invalid_payment_method"), result);
        Assert.Single(_stripe.Calls(StripeFake.PaymentIntents));
    }

    [Theory]
    [InlineData("processing")]
    [InlineData("requires_action")]
    [InlineData("requires_capture")]
    public async Task An_intent_that_is_not_final_yet_is_pending(string status)
    {
        _stripe.AnswerIntent(status, "pi_pending");

        var result = await _stripe.Gateway().ChargeAsync(Charge(), TestContext.Current.CancellationToken);

        Assert.Equal(new GatewayChargeResult(GatewayChargeStatus.Pending, "pi_pending"), result);
    }

    [Fact]
    public async Task A_server_error_that_outlasts_the_retries_is_a_retryable_gateway_failure()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 500, StripeFake.Error("api_error"));

        await Assert.ThrowsAsync<PaymentGatewayException>(() => _stripe.Gateway(maxRetryAttempts: 1).ChargeAsync(Charge(), TestContext.Current.CancellationToken));

        Assert.Equal(2, _stripe.Calls(StripeFake.PaymentIntents).Count);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_and_one_that_outlasts_the_retries_is_a_retryable_gateway_failure()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 429, StripeFake.Error("invalid_request_error", "rate_limit"));
        var charge = Charge();

        var failure = await Assert.ThrowsAsync<PaymentGatewayException>(() => _stripe.Gateway(maxRetryAttempts: 2).ChargeAsync(charge, TestContext.Current.CancellationToken));

        Assert.Equal(PaymentGatewayFailure.Error, failure.Failure);
        Assert.Equal([charge.IdempotencyKey, charge.IdempotencyKey, charge.IdempotencyKey], _stripe.Calls(StripeFake.PaymentIntents).Select(c => c.IdempotencyKey));
    }

    [Fact]
    public async Task An_unreachable_Stripe_is_a_retryable_gateway_failure()
    {
        var gateway = _stripe.Gateway();
        _stripe.Server.Stop();

        var failure = await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken));

        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task A_refund_posts_the_intent_and_amount_with_its_own_idempotency_key()
    {
        _stripe.Answer(StripeFake.Refunds, 200, """{"id":"re_1","object":"refund","status":"succeeded","amount":1999}""");
        var refund = new GatewayRefund("order-r", "pi_paid", 1999, "order-r:refund");

        var result = await _stripe.Gateway().RefundAsync(refund, TestContext.Current.CancellationToken);

        Assert.Equal("re_1", result.RefundId);
        var call = Assert.Single(_stripe.Calls(StripeFake.Refunds));
        Assert.Equal(("pi_paid", "1999", "order-r"), (call.Form["payment_intent"], call.Form["amount"], call.Form["metadata[order_id]"]));
        Assert.Equal("order-r:refund", call.IdempotencyKey);
    }

    [Fact]
    public async Task A_refund_Stripe_refuses_is_a_retryable_gateway_failure()
    {
        _stripe.Answer(StripeFake.Refunds, 503, StripeFake.Error("api_error"));

        await Assert.ThrowsAsync<PaymentGatewayException>(() =>
            _stripe.Gateway().RefundAsync(new GatewayRefund("order-r", "pi_paid", 1999, "order-r:refund"), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("pm_card_visa", true)]
    [InlineData("pm_1QxYzAbCdEf", true)]
    [InlineData("card_4242", false)]
    [InlineData("", false)]
    public void Payment_method_ids_are_accepted_and_nothing_else(string paymentMethodId, bool accepted) =>
        Assert.Equal(accepted, _stripe.Gateway().Accepts(paymentMethodId));

    public void Dispose() => _stripe.Dispose();
}
