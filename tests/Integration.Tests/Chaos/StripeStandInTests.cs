using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using EShop.Chaos.Stripe;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Payments;
using EShop.Grains.Payments.Stripe;
using EShop.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Integration.Tests.Chaos;

/// <summary>
/// The chaos runner's stand-in Stripe, called by the shop's real Stripe gateway as a silo wires it: its ledger records
/// each charge once whatever the retries, and its fault windows fail, slow down or swallow calls as the runner asks.
/// </summary>
public sealed class StripeStandInTests : IAsyncLifetime
{
    /// <summary>Two attempts of 1 s each: a hung call is given up in about 2 s.</summary>
    private static readonly Dictionary<string, string?> QuickTimeouts = new()
    {
        [$"{PaymentOptions.Section}:GatewayTimeout"] = "00:00:03",
        [$"{StripeResilienceOptions.Section}:MaxRetryAttempts"] = "1",
        [$"{StripeResilienceOptions.Section}:TotalTimeout"] = "00:00:03",
        [$"{StripeResilienceOptions.Section}:AttemptTimeout"] = "00:00:01",
        [$"{StripeResilienceOptions.Section}:RetryBaseDelay"] = "00:00:00.010",
        [$"{StripeResilienceOptions.Section}:RetryMaxDelay"] = "00:00:00.050",
        [$"{StripeResilienceOptions.Section}:SamplingDuration"] = "00:00:30",
        [$"{StripeResilienceOptions.Section}:MinimumThroughput"] = "1000",
    };

    private readonly List<ServiceProvider> _providers = [];
    private StripeStandIn _stripe = null!;

    public async ValueTask InitializeAsync() =>
        _stripe = await StripeStandIn.StartAsync([IPAddress.Loopback], 0, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_charge_is_recorded_once_and_a_repeat_of_its_key_answers_the_same_intent()
    {
        var gateway = Gateway();
        var charge = Charge();

        var first = await gateway.ChargeAsync(charge, TestContext.Current.CancellationToken);
        var repeat = await gateway.ChargeAsync(charge, TestContext.Current.CancellationToken);

        Assert.Equal(GatewayChargeStatus.Succeeded, first.Status);
        Assert.Equal(first, repeat);
        var intent = Assert.Single(_stripe.Intents);
        Assert.Equal((first.PaymentIntentId, charge.OrderId, charge.IdempotencyKey, true, 1999L, "eur", "pm_card_visa"),
            (intent.Id, intent.OrderId, intent.IdempotencyKey, intent.Succeeded, intent.Amount, intent.Currency, intent.PaymentMethod));
        Assert.Equal(1, _stripe.Counts.Replayed);
        var order = _stripe.Ledger[charge.OrderId];
        Assert.Equal((1, 1999L, 0L), (order.SucceededIntents, order.Charged, order.Refunded));
    }

    [Fact]
    public async Task A_declined_test_card_is_answered_as_a_decline_and_recorded_as_declined()
    {
        var charge = Charge("pm_card_chargeDeclinedInsufficientFunds");

        var result = await Gateway().ChargeAsync(charge, TestContext.Current.CancellationToken);

        var intent = Assert.Single(_stripe.Intents);
        Assert.Equal(new GatewayChargeResult(GatewayChargeStatus.Declined, intent.Id, "insufficient_funds"), result);
        Assert.False(intent.Succeeded);
        Assert.Equal((0, 1, 0L), (_stripe.Ledger[charge.OrderId].SucceededIntents, _stripe.Ledger[charge.OrderId].DeclinedIntents, _stripe.Ledger[charge.OrderId].Charged));
    }

    [Fact]
    public async Task An_error_window_fails_every_attempt_and_records_nothing_until_it_ends()
    {
        var gateway = Gateway();
        var charge = Charge();
        _stripe.SetFault(StripeFault.Error);

        var failure = await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.ChargeAsync(charge, TestContext.Current.CancellationToken));

        Assert.Equal(PaymentGatewayFailure.Error, failure.Failure);
        Assert.Empty(_stripe.Intents);
        Assert.Equal(2, _stripe.Counts.Seen(StripeFault.Error));
        _stripe.SetFault(StripeFault.None);
        Assert.Equal(GatewayChargeStatus.Succeeded, (await gateway.ChargeAsync(charge, TestContext.Current.CancellationToken)).Status);
        Assert.Single(_stripe.Intents);
    }

    [Fact]
    public async Task A_hang_after_the_charge_takes_the_money_without_an_answer_and_a_retry_after_it_gets_that_intent()
    {
        var gateway = Gateway();
        var charge = Charge();
        _stripe.SetFault(StripeFault.HangAfterCharge);

        var failure = await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.ChargeAsync(charge, TestContext.Current.CancellationToken));

        Assert.Equal(PaymentGatewayFailure.Timeout, failure.Failure);
        var taken = Assert.Single(_stripe.Intents);
        Assert.True(taken.Succeeded);
        _stripe.SetFault(StripeFault.None);
        var retried = await gateway.ChargeAsync(charge, TestContext.Current.CancellationToken);
        Assert.Equal(new GatewayChargeResult(GatewayChargeStatus.Succeeded, taken.Id), retried);
        Assert.Single(_stripe.Intents);
        Assert.Equal(1, _stripe.Ledger[charge.OrderId].SucceededIntents);
    }

    [Fact]
    public async Task A_hang_before_the_charge_times_the_call_out_and_records_nothing()
    {
        _stripe.SetFault(StripeFault.HangBeforeCharge);

        var failure = await Assert.ThrowsAsync<PaymentGatewayException>(() => Gateway().ChargeAsync(Charge(), TestContext.Current.CancellationToken));

        Assert.Equal(PaymentGatewayFailure.Timeout, failure.Failure);
        Assert.Empty(_stripe.Intents);
        Assert.Equal(2, _stripe.Counts.Seen(StripeFault.HangBeforeCharge));
    }

    [Fact]
    public async Task A_slow_window_answers_correctly_after_its_delay()
    {
        var gateway = Gateway();
        await gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken);
        _stripe.SetFault(StripeFault.Slow, TimeSpan.FromMilliseconds(400));
        var watch = Stopwatch.StartNew();

        var result = await gateway.ChargeAsync(Charge(), TestContext.Current.CancellationToken);

        Assert.Equal(GatewayChargeStatus.Succeeded, result.Status);
        // The stand-in's delay is a timer, which may fire a few milliseconds early by the Stopwatch's clock; an answer
        // without the window comes in a few milliseconds.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered in {watch.Elapsed}");
        Assert.Equal(2, _stripe.Intents.Count);
    }

    [Fact]
    public async Task A_refund_is_recorded_against_its_intent_once_and_a_second_one_is_refused()
    {
        var gateway = Gateway();
        var charge = Charge();
        var paid = await gateway.ChargeAsync(charge, TestContext.Current.CancellationToken);
        var refund = new GatewayRefund(charge.OrderId, paid.PaymentIntentId!, 1999, $"{charge.OrderId}:refund");

        var first = await gateway.RefundAsync(refund, TestContext.Current.CancellationToken);
        var repeat = await gateway.RefundAsync(refund, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<PaymentGatewayException>(() =>
            gateway.RefundAsync(refund with { IdempotencyKey = $"{charge.OrderId}:refund:again" }, TestContext.Current.CancellationToken));

        Assert.Equal(first, repeat);
        var recorded = Assert.Single(_stripe.Refunds);
        Assert.Equal((first.RefundId, paid.PaymentIntentId, charge.OrderId, 1999L), (recorded.Id, recorded.PaymentIntentId, recorded.OrderId, recorded.Amount));
        Assert.Equal(1, _stripe.Counts.RefundsRefused);
        var order = _stripe.Ledger[charge.OrderId];
        Assert.Equal((1999L, 1999L, 0L), (order.Charged, order.Refunded, order.Kept));
    }

    [Fact]
    public async Task A_repeated_key_replays_the_first_answer_byte_for_byte_and_other_parameters_under_it_are_refused()
    {
        using var http = new HttpClient { BaseAddress = _stripe.Url(IPAddress.Loopback) };
        var key = $"key-{Guid.NewGuid():N}";

        var (firstStatus, firstBody, _) = await PostIntentAsync(http, key, amount: 100);
        var (replayStatus, replayBody, replayed) = await PostIntentAsync(http, key, amount: 100);
        var (conflictStatus, conflictBody, _) = await PostIntentAsync(http, key, amount: 200);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (firstStatus, replayStatus));
        Assert.Equal(firstBody, replayBody);
        Assert.True(replayed);
        Assert.Equal(HttpStatusCode.BadRequest, conflictStatus);
        Assert.Contains("idempotency_error", System.Text.Encoding.UTF8.GetString(conflictBody), StringComparison.Ordinal);
        Assert.Single(_stripe.Intents);
        Assert.Equal((1, 1), (_stripe.Counts.Replayed, _stripe.Counts.IdempotencyConflicts));
    }

    [Fact]
    public async Task It_answers_on_every_address_given_and_refuses_a_wrong_secret_key()
    {
        var port = FreePorts.Take(1)[0];
        IPAddress[] addresses = [IPAddress.Loopback, IPAddress.Parse("127.0.0.2")];
        await using var stripe = await StripeStandIn.StartAsync(addresses, port, TestContext.Current.CancellationToken);
        using var http = new HttpClient();

        foreach (var address in addresses)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(stripe.Url(address), StripeStandIn.PaymentIntentsPath))
            {
                Content = new FormUrlEncodedContent([new("amount", "100"), new("currency", "eur"), new("payment_method", "pm_card_visa")]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk_test_wrong");
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(2, stripe.Counts.Unauthorized);
        Assert.Empty(stripe.Intents);
    }

    [Fact]
    public async Task Stopping_it_ends_a_hung_request_at_once()
    {
        _stripe.SetFault(StripeFault.HangAfterCharge);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_stripe.Url(IPAddress.Loopback), StripeStandIn.PaymentIntentsPath))
        {
            Content = new FormUrlEncodedContent([new("amount", "100"), new("currency", "eur"), new("payment_method", "pm_card_visa")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StripeStandIn.SecretKey);
        var hung = http.SendAsync(request, TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_stripe.Intents.Count == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.Single(_stripe.Intents);
        Assert.False(hung.IsCompleted);

        var watch = Stopwatch.StartNew();
        await _stripe.DisposeAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"stopped in {watch.Elapsed}");
        await Assert.ThrowsAsync<HttpRequestException>(() => hung.WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
            await provider.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private static async Task<(HttpStatusCode Status, byte[] Body, bool Replayed)> PostIntentAsync(HttpClient http, string key, long amount)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, StripeStandIn.PaymentIntentsPath)
        {
            Content = new FormUrlEncodedContent(
                [new("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("currency", "eur"), new("payment_method", "pm_card_visa"), new("metadata[order_id]", "order-raw")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StripeStandIn.SecretKey);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), response.Headers.Contains("Idempotent-Replayed"));
    }

    private static GatewayCharge Charge(string paymentMethod = "pm_card_visa")
    {
        var orderId = $"order-{Guid.NewGuid():N}";
        return new GatewayCharge(orderId, 1999, "EUR", paymentMethod, $"{orderId}:charge:1");
    }

    /// <summary>The silo's payment services as <see cref="PaymentServices"/> wires them for Stripe, pointed at the stand-in.</summary>
    private StripePaymentGateway Gateway()
    {
        var values = new Dictionary<string, string?>(QuickTimeouts)
        {
            [$"{PaymentOptions.Section}:Gateway"] = "Stripe",
            [$"{StripeOptions.Section}:SecretKey"] = StripeStandIn.SecretKey,
            [$"{StripeOptions.Section}:ApiBase"] = _stripe.Url(IPAddress.Loopback).ToString(),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddMetrics().AddSingleton(ShopClock.System);
        services.AddPayments(configuration, new NamedEnvironment("Testing"));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider.GetRequiredService<StripePaymentGateway>();
    }
}
