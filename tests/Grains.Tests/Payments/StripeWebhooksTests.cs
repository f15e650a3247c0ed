using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Payments;
using EShop.Grains.Payments.Stripe;
using EShop.Tests.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EShop.Grains.Tests.Payments;

public sealed class StripeWebhooksTests
{
    private const string Secret = "whsec_test_secret";
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static StripeWebhooks Webhooks(string? secret = Secret, ILogger<StripeWebhooks>? logger = null) => new(
        Options.Create(new StripeOptions { WebhookSecret = secret, WebhookTolerance = TimeSpan.FromMinutes(5) }),
        new ShopClock(new FakeTimeProvider(Now)),
        logger ?? NullLogger<StripeWebhooks>.Instance);

    private static StripeWebhookResult Signed(string body, DateTimeOffset? at = null) =>
        Webhooks().Read(body, StripeSignatures.Sign(body, Secret, at ?? Now));

    [Fact]
    public void A_signed_succeeded_intent_becomes_a_succeeded_event_for_its_order()
    {
        var body = StripeSignatures.Event("payment_intent.succeeded", "pi_1", "order-1", eventId: "evt_1");

        var result = Signed(body);

        Assert.Equal(StripeWebhookOutcome.Mapped, result.Outcome);
        Assert.Equal("order-1", result.OrderId);
        Assert.Equal(new GatewayEvent("evt_1", GatewayEventKind.Succeeded, "pi_1"), result.Event);
    }

    [Fact]
    public void The_event_names_the_amount_of_its_intent_so_that_a_charge_the_shop_lost_track_of_can_be_recorded_and_refunded()
    {
        var body = StripeSignatures.Event("payment_intent.succeeded", "pi_3", "order-3", eventId: "evt_3", amount: 1999);

        var result = Signed(body);

        Assert.Equal(new GatewayEvent("evt_3", GatewayEventKind.Succeeded, "pi_3", null, new Money(1999, "usd")), result.Event);
    }

    [Fact]
    public void A_signed_failed_intent_becomes_a_failed_event_with_the_decline_code()
    {
        var body = StripeSignatures.Event("payment_intent.payment_failed", "pi_2", "order-2", "insufficient_funds", "evt_2");

        var result = Signed(body);

        Assert.Equal(StripeWebhookOutcome.Mapped, result.Outcome);
        Assert.Equal("order-2", result.OrderId);
        Assert.Equal(new GatewayEvent("evt_2", GatewayEventKind.Failed, "pi_2", "insufficient_funds"), result.Event);
    }

    [Fact]
    public void A_signature_within_the_tolerance_is_still_accepted()
    {
        var body = StripeSignatures.Event("payment_intent.succeeded", "pi_3", "order-3");

        Assert.Equal(StripeWebhookOutcome.Mapped, Signed(body, Now.AddMinutes(-4)).Outcome);
    }

    [Theory]
    [InlineData("payment_intent.created")]
    [InlineData("charge.refunded")]
    public void Other_event_types_are_ignored(string type)
    {
        var result = Signed(StripeSignatures.Event(type, "pi_4", "order-4"));

        Assert.Equal((StripeWebhookOutcome.Ignored, null, null), (result.Outcome, result.OrderId, result.Event));
    }

    [Fact]
    public void An_intent_without_an_order_id_is_not_a_shop_payment_and_is_ignored()
    {
        var result = Signed(StripeSignatures.Event("payment_intent.succeeded", "pi_5", orderId: null));

        Assert.Equal((StripeWebhookOutcome.Ignored, null), (result.Outcome, result.Event));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused()
    {
        var body = StripeSignatures.Event("payment_intent.succeeded", "pi_6", "order-6");

        var result = Webhooks().Read(body, StripeSignatures.Sign(body, "whsec_someone_else", Now));

        Assert.Equal((StripeWebhookOutcome.Refused, null), (result.Outcome, result.Event));
    }

    [Fact]
    public void A_body_changed_after_signing_is_refused()
    {
        var body = StripeSignatures.Event("payment_intent.succeeded", "pi_7", "order-7");
        var signature = StripeSignatures.Sign(body, Secret, Now);

        var result = Webhooks().Read(body.Replace("order-7", "order-8", StringComparison.Ordinal), signature);

        Assert.Equal((StripeWebhookOutcome.Refused, null), (result.Outcome, result.Event));
    }

    [Fact]
    public void A_signature_older_than_the_tolerance_is_refused_as_a_replay_and_only_the_log_says_so()
    {
        var body = StripeSignatures.Event("payment_intent.succeeded", "pi_9", "order-9");
        var logger = new FakeLogger<StripeWebhooks>();

        var result = Webhooks(logger: logger).Read(body, StripeSignatures.Sign(body, Secret, Now.AddMinutes(-5).AddSeconds(-1)));

        Assert.Equal((StripeWebhookOutcome.Refused, "The webhook could not be verified."), (result.Outcome, result.Detail));
        var logged = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal((LogLevel.Warning, 4105), (logged.Level, logged.Id.Id));
        Assert.Contains("tolerance", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_made_with_another_secret_gets_the_same_fixed_detail_as_any_unverified_webhook()
    {
        var body = StripeSignatures.Event("payment_intent.succeeded", "pi_12", "order-12");

        var result = Webhooks().Read(body, StripeSignatures.Sign(body, "whsec_someone_else", Now));

        Assert.Equal("The webhook could not be verified.", result.Detail);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=deadbeef")]
    public void A_missing_or_malformed_signature_header_is_refused(string? header)
    {
        var result = Webhooks().Read(StripeSignatures.Event("payment_intent.succeeded", "pi_10", "order-10"), header);

        Assert.Equal((StripeWebhookOutcome.Refused, null), (result.Outcome, result.Event));
    }

    [Fact]
    public void Without_a_webhook_secret_every_webhook_is_refused_and_only_the_log_names_the_setting()
    {
        var body = StripeSignatures.Event("payment_intent.succeeded", "pi_11", "order-11");
        var logger = new FakeLogger<StripeWebhooks>();

        var result = Webhooks(secret: null, logger).Read(body, StripeSignatures.Sign(body, Secret, Now));

        Assert.Equal((StripeWebhookOutcome.Refused, "The webhook could not be verified."), (result.Outcome, result.Detail));
        Assert.DoesNotContain("Payments", result.Detail, StringComparison.Ordinal);
        var logged = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal((LogLevel.Warning, 4103), (logged.Level, logged.Id.Id));
        Assert.Contains("Payments:Stripe:WebhookSecret", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_body_that_is_not_an_event_is_refused()
    {
        Assert.Equal(StripeWebhookOutcome.Refused, Signed("not json at all").Outcome);
    }
}
