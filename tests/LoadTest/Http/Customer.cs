using System.Diagnostics;
using EShop.Client;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Http;

/// <summary>How a checkout ended: the order's final status (Stuck if still Pending at the settle timeout).</summary>
public sealed record OrderOutcome(string? OrderId, string Status, string? FailureReason, TimeSpan Elapsed, long PostAnsweredAt, long SettledAt)
{
    public const string Stuck = "Stuck";
    public const string NotPlaced = "NotPlaced";
}

/// <summary>A signed-in simulated customer: its own connection, which holds its access token.</summary>
public sealed class Customer(ShopConnection connection)
{
    private static readonly AddressInput Address = new("Load Test", "1 Bench St", null, "Loopback", "127", "US");

    public ShopConnection Connection => connection;

    public Task<Outcome<Cart>> AddToCart(string sku, int quantity, CancellationToken cancellationToken) =>
        connection.Call(Operations.CartAdd, (client, token) => client.AddToCartAsync(sku, quantity, token), cancellationToken: cancellationToken);

    /// <summary>POST /api/orders with a fresh Idempotency-Key, then polls the order until it leaves Pending or the settle timeout passes.</summary>
    public async Task<OrderOutcome> Checkout(string paymentMethod, TimeSpan settleTimeout, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var idempotencyKey = Guid.NewGuid().ToString();
        var posted = await connection.Call(Operations.OrderPost,
            (client, token) => client.PlaceOrderAsync(Address, paymentMethod, idempotencyKey, token), cancellationToken: cancellationToken);
        var answeredAt = Stopwatch.GetTimestamp();
        if (!posted.Ok)
            return new OrderOutcome(null, OrderOutcome.NotPlaced, posted.Error, Stopwatch.GetElapsedTime(started), answeredAt, answeredAt);

        var (orderId, status) = (posted.Value.OrderId, posted.Value.Status);
        string? reason = null;
        while (status == OrderStatuses.Pending)
        {
            if (Stopwatch.GetElapsedTime(answeredAt) >= settleTimeout)
            {
                connection.Recorder.Record(Operations.Checkout, started, Stopwatch.GetElapsedTime(started), Failures.Stuck);
                return new OrderOutcome(orderId, OrderOutcome.Stuck, null, Stopwatch.GetElapsedTime(started), answeredAt, Stopwatch.GetTimestamp());
            }

            await Task.Delay(pollInterval, cancellationToken);
            var order = await connection.Call(Operations.OrderPoll, (client, token) => client.GetOrderAsync(orderId, token), cancellationToken: cancellationToken);
            if (order.Ok)
                (status, reason) = (order.Value.Status, order.Value.FailureReason);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        connection.Recorder.Record(Operations.Checkout, started, elapsed, null);
        return new OrderOutcome(orderId, status, reason, elapsed, answeredAt, Stopwatch.GetTimestamp());
    }
}
