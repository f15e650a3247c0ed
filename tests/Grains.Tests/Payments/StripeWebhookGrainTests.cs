using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Tests.Infrastructure;
using EShop.Tests.Shared;

namespace EShop.Grains.Tests.Payments;

/// <summary>
/// The silo's side of the Stripe webhook: the Api passes the body and signature and answers from the receipt. That an
/// applied event settles the payment is shown end to end in the Api tests (StripeWebhookEndpointTests).
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class StripeWebhookGrainTests(ClusterFixture fixture)
{
    private IStripeWebhookGrain Webhooks => fixture.Client.GetGrain<IStripeWebhookGrain>(0);

    private Task<WebhookReceipt> ReceiveSigned(string body, string secret = ClusterFixture.WebhookSecret) =>
        Webhooks.Receive(body, StripeSignatures.Sign(body, secret, fixture.Time.GetUtcNow()));

    [Fact]
    public async Task A_verified_payment_event_is_applied_and_the_receipt_names_its_order()
    {
        var orderId = $"order-{Guid.NewGuid():N}";

        var receipt = await ReceiveSigned(StripeSignatures.Event("payment_intent.succeeded", "pi_grain_1", orderId));

        Assert.Equal(new WebhookReceipt(WebhookOutcome.Applied, $"payment_intent.succeeded for order {orderId}."), receipt);
    }

    [Fact]
    public async Task A_verified_event_the_shop_does_not_use_is_ignored()
    {
        var receipt = await ReceiveSigned(StripeSignatures.Event("payment_intent.created", "pi_grain_2", $"order-{Guid.NewGuid():N}"));

        Assert.Equal(WebhookOutcome.Ignored, receipt.Outcome);
    }

    [Fact]
    public async Task An_event_signed_with_another_secret_is_refused_with_the_fixed_detail()
    {
        var orderId = $"order-{Guid.NewGuid():N}";

        var receipt = await ReceiveSigned(StripeSignatures.Event("payment_intent.succeeded", "pi_grain_3", orderId), "whsec_someone_else");

        Assert.Equal(new WebhookReceipt(WebhookOutcome.Refused, "The webhook could not be verified."), receipt);
        Assert.Equal(PaymentStatus.None, (await fixture.Client.GetGrain<IPaymentGrain>(orderId).GetPayment()).Status);
    }

    [Fact]
    public async Task An_unsigned_event_is_refused()
    {
        var receipt = await Webhooks.Receive(StripeSignatures.Event("payment_intent.succeeded", "pi_grain_4", "order-4"), signature: null);

        Assert.Equal(new WebhookReceipt(WebhookOutcome.Refused, "The Stripe-Signature header is missing."), receipt);
    }
}
