using System.Text;
using EShop.Grains.Payments;
using EShop.Tests.Shared;

namespace EShop.Grains.Tests.Payments;

/// <summary>
/// The Stripe contract from our side. Responses in Stripe's full shape (StripeFixtures/*.json: every field a
/// PaymentIntent, card error or refund carries, nested objects included) are replayed and must parse into the same
/// outcomes. And what we send (form fields, idempotency key, Stripe-Version) must equal the committed
/// StripeFixtures/requests.golden.txt, so that a Stripe.net upgrade that changes a request or the API version fails
/// here and is reviewed, instead of surprising a customer. Regenerate with UPDATE_STRIPE_GOLDEN=1.
/// </summary>
public sealed class StripeRecordedResponsesTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Payments", "StripeFixtures");

    private readonly StripeFake _stripe = new();

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(Fixtures, name));

    private static GatewayCharge Charge(string paymentMethod = "pm_card_visa") => new("ord_fixture", 1999, "EUR", paymentMethod, "ord_fixture:charge:1");

    [Theory]
    [InlineData("payment_intent.succeeded.json", 200, GatewayChargeStatus.Succeeded, "pi_3FixtureOk", null)]
    [InlineData("payment_intent.requires_action.json", 200, GatewayChargeStatus.Pending, "pi_3FixtureAction", null)]
    [InlineData("payment_intent.processing.json", 200, GatewayChargeStatus.Pending, "pi_3FixtureProcessing", null)]
    [InlineData("error.card_declined.json", 402, GatewayChargeStatus.Declined, "pi_3FixtureDeclined", "generic_decline")]
    [InlineData("error.insufficient_funds.json", 402, GatewayChargeStatus.Declined, "pi_3FixtureFunds", "insufficient_funds")]
    public async Task A_full_stripe_answer_to_a_charge_parses_into_its_outcome(string fixture, int status, GatewayChargeStatus expected, string intentId, string? declineCode)
    {
        _stripe.Answer(StripeFake.PaymentIntents, status, Fixture(fixture));

        var result = await _stripe.Gateway().ChargeAsync(Charge(), TestContext.Current.CancellationToken);

        Assert.Equal(new GatewayChargeResult(expected, intentId, declineCode), result);
    }

    [Fact]
    public async Task A_full_rate_limit_answer_is_a_retryable_failure_and_a_full_refund_answer_names_the_refund()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 429, Fixture("error.rate_limit.json"));
        _stripe.Answer(StripeFake.Refunds, 200, Fixture("refund.succeeded.json"));

        await Assert.ThrowsAsync<PaymentGatewayException>(() => _stripe.Gateway().ChargeAsync(Charge(), TestContext.Current.CancellationToken));
        var refund = await _stripe.Gateway().RefundAsync(new GatewayRefund("ord_fixture", "pi_3FixtureOk", 1999, "ord_fixture:refund"), TestContext.Current.CancellationToken);

        Assert.Equal("re_3FixtureRefund", refund.RefundId);
    }

    [Fact]
    public async Task What_we_send_to_stripe_is_the_committed_golden_requests()
    {
        _stripe.Answer(StripeFake.PaymentIntents, 200, Fixture("payment_intent.succeeded.json"));
        _stripe.Answer(StripeFake.Refunds, 200, Fixture("refund.succeeded.json"));
        var gateway = _stripe.Gateway();
        await gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken);
        // An idempotent replay: the same attempt again sends the very same request.
        await gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken);
        await gateway.RefundAsync(new GatewayRefund("ord_fixture", "pi_3FixtureOk", 1999, "ord_fixture:refund"), TestContext.Current.CancellationToken);

        var sent = new StringBuilder();
        foreach (var entry in _stripe.Server.LogEntries.Select(e => e.RequestMessage!).OrderBy(r => r.DateTime))
        {
            sent.Append(entry.Method).Append(' ').Append(entry.Path).Append('\n');
            foreach (var header in new[] { "Idempotency-Key", "Stripe-Version", "Content-Type" })
                sent.Append("  ").Append(header).Append(": ").Append(string.Join(",", entry.Headers?.TryGetValue(header, out var values) == true ? values : [])).Append('\n');
            var form = System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(entry.BodyAsBytes ?? []));
            foreach (var key in form.AllKeys.Order(StringComparer.Ordinal))
                sent.Append("  ").Append(key).Append('=').Append(form[key]).Append('\n');
        }

        var golden = Repository.PathOf("tests/Grains.Tests/Payments/StripeFixtures/requests.golden.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_STRIPE_GOLDEN") == "1")
            await File.WriteAllTextAsync(golden, sent.ToString(), TestContext.Current.CancellationToken);
        Assert.Equal(await File.ReadAllTextAsync(golden, TestContext.Current.CancellationToken), sent.ToString());
    }

    public void Dispose() => _stripe.Dispose();
}
