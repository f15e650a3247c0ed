using System.Diagnostics;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Http;

/// <summary>How a checkout ended: the order's final status (Stuck if still Pending at the settle timeout).</summary>
public sealed record OrderOutcome(string? OrderId, string Status, string? FailureReason, TimeSpan Elapsed, long PostAnsweredAt, long SettledAt)
{
    public const string Stuck = "Stuck";
    public const string NotPlaced = "NotPlaced";
}

/// <summary>A signed-in simulated customer: its own connection and access token.</summary>
public sealed class Customer(ShopConnection connection, string token)
{
    private static readonly object Address = new { fullName = "Load Test", line1 = "1 Bench St", city = "Loopback", postalCode = "127", country = "US" };

    public ShopConnection Connection => connection;

    public Task<Answer> AddToCart(string sku, int quantity, CancellationToken cancellationToken) =>
        connection.Send(Operations.CartAdd, HttpMethod.Post, "/api/cart/items", token, new { sku, quantity }, cancellationToken: cancellationToken);

    /// <summary>POST /api/orders with a fresh Idempotency-Key, then polls the order until it leaves Pending or the settle timeout passes.</summary>
    public async Task<OrderOutcome> Checkout(string paymentMethod, TimeSpan settleTimeout, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var posted = await connection.Send(Operations.OrderPost, HttpMethod.Post, "/api/orders", token,
            new { shippingAddress = Address, paymentMethodId = paymentMethod }, Guid.NewGuid().ToString(), cancellationToken: cancellationToken);
        var answeredAt = Stopwatch.GetTimestamp();
        var orderId = posted.Text("orderId");
        if (!posted.Ok || orderId is null)
            return new OrderOutcome(null, OrderOutcome.NotPlaced, posted.Error, Stopwatch.GetElapsedTime(started), answeredAt, answeredAt);

        var status = posted.Text("status");
        string? reason = null;
        while (status is null or "Pending")
        {
            if (Stopwatch.GetElapsedTime(answeredAt) >= settleTimeout)
            {
                connection.Recorder.Record(Operations.Checkout, started, Stopwatch.GetElapsedTime(started), Failures.Stuck);
                return new OrderOutcome(orderId, OrderOutcome.Stuck, null, Stopwatch.GetElapsedTime(started), answeredAt, Stopwatch.GetTimestamp());
            }

            await Task.Delay(pollInterval, cancellationToken);
            var order = await connection.Send(Operations.OrderPoll, HttpMethod.Get, $"/api/orders/{orderId}", token, cancellationToken: cancellationToken);
            if (order.Ok)
                (status, reason) = (order.Text("status"), order.Text("failureReason"));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        connection.Recorder.Record(Operations.Checkout, started, elapsed, null);
        return new OrderOutcome(orderId, status, reason, elapsed, answeredAt, Stopwatch.GetTimestamp());
    }
}
