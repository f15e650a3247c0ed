using System.Text.Json.Nodes;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Payments;
using EShop.Grains.Payments.Stripe;
using EShop.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EShop.Grains.Tests.Payments;

/// <summary>
/// Stripe's webhook events in full shape (StripeFixtures/event.*.json: the envelope with api_version, request and
/// previous_attributes, and the whole PaymentIntent or Charge), signed as Stripe signs them, must map to the same
/// gateway events. A Stripe.net upgrade that parses them differently, or that moves to an API version our recorded
/// events (and so the webhook endpoint's configured version) do not match, fails here.
/// </summary>
public sealed class StripeRecordedWebhooksTests
{
    private const string Secret = "whsec_fixture_secret";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_764_500_100);
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Payments", "StripeFixtures");

    public static TheoryData<string> EventFixtures() => [.. Directory.GetFiles(Fixtures, "event.*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static StripeWebhookResult Deliver(string fixture)
    {
        var body = File.ReadAllText(Path.Combine(Fixtures, fixture));
        var webhooks = new StripeWebhooks(
            Options.Create(new StripeOptions { WebhookSecret = Secret, WebhookTolerance = TimeSpan.FromMinutes(5) }),
            new ShopClock(new FakeTimeProvider(Now)),
            NullLogger<StripeWebhooks>.Instance);
        return webhooks.Read(body, StripeSignatures.Sign(body, Secret, Now));
    }

    [Fact]
    public void A_recorded_succeeded_intent_maps_to_a_succeeded_event_for_its_order()
    {
        var result = Deliver("event.payment_intent.succeeded.json");

        Assert.Equal((StripeWebhookOutcome.Mapped, "ord_hook_ok"), (result.Outcome, result.OrderId));
        Assert.Equal(new GatewayEvent("evt_3FixtureSucceeded", GatewayEventKind.Succeeded, "pi_3FixtureHook", null, new Money(1999, "eur")), result.Event);
    }

    [Fact]
    public void A_recorded_failed_intent_maps_to_a_failed_event_with_its_decline_code()
    {
        var result = Deliver("event.payment_intent.payment_failed.json");

        Assert.Equal((StripeWebhookOutcome.Mapped, "ord_hook_failed"), (result.Outcome, result.OrderId));
        Assert.Equal(new GatewayEvent("evt_3FixtureFailed", GatewayEventKind.Failed, "pi_3FixtureHookFail", "insufficient_funds", new Money(1999, "eur")), result.Event);
    }

    [Fact]
    public void A_recorded_refunded_charge_is_read_and_ignored_since_the_shop_refunds_through_its_own_saga()
    {
        var result = Deliver("event.charge.refunded.json");

        Assert.Equal((StripeWebhookOutcome.Ignored, null, null), (result.Outcome, result.OrderId, result.Event));
        Assert.Contains("charge.refunded", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EventFixtures))]
    public void Every_recorded_event_is_in_the_api_version_stripe_net_speaks(string fixture)
    {
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures, fixture)))!["api_version"]!.GetValue<string>();

        Assert.Equal(global::Stripe.StripeConfiguration.ApiVersion, recorded);
    }
}
