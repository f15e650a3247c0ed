using System.Net;
using System.Net.Http.Json;
using System.Text;
using EShop.Api.Payments;
using EShop.Api.Tests.Infrastructure;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Payments;
using Microsoft.Extensions.DependencyInjection;
using EShop.Tests.Shared;

namespace EShop.Api.Tests.Payments;

[Collection(StripeWebhookCollection.Name)]
public sealed class StripeWebhookEndpointTests(StripeWebhookFactory factory)
{
    private const string Path = "/api/payments/stripe/webhook";

    private IPaymentGrain Payment(string orderId) =>
        factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IPaymentGrain>(orderId);

    /// <summary>A charge the gateway left processing: only a webhook can settle it now.</summary>
    private async Task<(string OrderId, string IntentId)> PendingPayment()
    {
        var orderId = $"order-{Guid.NewGuid():N}";
        var payment = await Payment(orderId).Charge(new ChargeRequest(orderId, new Money(1999, "EUR"), "pm_card_visa"));
        Assert.Equal(PaymentStatus.Processing, payment.Status);
        return (orderId, payment.PaymentIntentId!);
    }

    private async Task<HttpResponseMessage> Post(string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await factory.CreateClient().SendAsync(request);
    }

    private Task<HttpResponseMessage> PostSigned(string body, DateTimeOffset? at = null) =>
        Post(body, StripeSignatures.Sign(body, StripeWebhookFactory.WebhookSecret, at ?? factory.Time.GetUtcNow()));

    [Fact]
    public async Task A_validly_signed_succeeded_event_settles_the_payment_of_its_order()
    {
        var (orderId, intentId) = await PendingPayment();

        var response = await PostSigned(StripeSignatures.Event("payment_intent.succeeded", intentId, orderId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("applied", (await response.Content.ReadFromJsonAsync<StripeWebhookAnswer>())!.Outcome);
        Assert.Equal(PaymentStatus.Succeeded, (await Payment(orderId).GetPayment()).Status);
    }

    [Fact]
    public async Task A_validly_signed_failed_event_declines_the_payment_with_its_decline_code()
    {
        var (orderId, intentId) = await PendingPayment();

        var response = await PostSigned(StripeSignatures.Event("payment_intent.payment_failed", intentId, orderId, "insufficient_funds"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payment = await Payment(orderId).GetPayment();
        Assert.Equal((PaymentStatus.Declined, "insufficient_funds"), (payment.Status, payment.DeclineCode));
    }

    [Fact]
    public async Task An_event_type_the_shop_does_not_use_is_acknowledged_and_ignored()
    {
        var (orderId, intentId) = await PendingPayment();

        var response = await PostSigned(StripeSignatures.Event("payment_intent.created", intentId, orderId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<StripeWebhookAnswer>())!.Outcome);
        Assert.Equal(PaymentStatus.Processing, (await Payment(orderId).GetPayment()).Status);
    }

    [Fact]
    public async Task An_event_signed_with_another_secret_is_refused_and_changes_nothing()
    {
        var (orderId, intentId) = await PendingPayment();
        var body = StripeSignatures.Event("payment_intent.succeeded", intentId, orderId);

        var response = await Post(body, StripeSignatures.Sign(body, "whsec_not_ours", factory.Time.GetUtcNow()));

        await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(PaymentStatus.Processing, (await Payment(orderId).GetPayment()).Status);
    }

    [Fact]
    public async Task An_unsigned_event_is_refused_and_changes_nothing()
    {
        var (orderId, intentId) = await PendingPayment();

        var response = await Post(StripeSignatures.Event("payment_intent.succeeded", intentId, orderId), signature: null);

        await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(PaymentStatus.Processing, (await Payment(orderId).GetPayment()).Status);
    }

    [Fact]
    public async Task A_replayed_event_with_a_stale_signature_is_refused()
    {
        var (orderId, intentId) = await PendingPayment();
        var body = StripeSignatures.Event("payment_intent.succeeded", intentId, orderId);

        var response = await PostSigned(body, factory.Time.GetUtcNow().AddMinutes(-6));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal("The webhook could not be verified.", problem.GetProperty("detail").GetString());
        Assert.Equal(PaymentStatus.Processing, (await Payment(orderId).GetPayment()).Status);
    }

    [Fact]
    public async Task A_large_event_within_the_webhook_limit_is_read_in_full()
    {
        var (orderId, intentId) = await PendingPayment();

        var response = await PostSigned(Padded(StripeSignatures.Event("payment_intent.succeeded", intentId, orderId), 300_000));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PaymentStatus.Succeeded, (await Payment(orderId).GetPayment()).Status);
    }

    [Fact]
    public async Task An_event_over_the_webhook_limit_is_refused_with_413_and_changes_nothing()
    {
        var (orderId, intentId) = await PendingPayment();

        var response = await PostSigned(Padded(StripeSignatures.Event("payment_intent.succeeded", intentId, orderId), 600_000));

        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(PaymentStatus.Processing, (await Payment(orderId).GetPayment()).Status);
    }

    /// <summary>The event with a field Stripe.net ignores, making the body about <paramref name="size"/> characters.</summary>
    private static string Padded(string stripeEvent, int size) =>
        $"{stripeEvent[..^1]},\"description\":\"{new string('x', size)}\"}}";
}
