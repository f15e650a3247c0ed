using System.Security.Cryptography;
using System.Text;
using EShop.Grains.Abstractions.Orders;
using Orleans.Concurrency;

namespace EShop.Grains.Orders;

/// <summary>
/// Keyed by <c>{userId}/{Idempotency-Key}</c>; holds no state. The request's order is keyed by a hash of the request
/// key, so every duplicate reaches the same order grain, which does the work (<see cref="IOrderGrain.Place"/>): it
/// claims the cart, prices it and writes the order with the request's fingerprint in one write. Of concurrent
/// duplicates the first places the order and the rest, queued behind it on that grain, answer it.
/// </summary>
[StatelessWorker]
public sealed class CheckoutRequestGrain(IGrainFactory grains) : Grain, ICheckoutRequestGrain
{
    /// <summary>
    /// The orderId a checkout request places, derived from its key: a retry after a crash between the cart's claim and
    /// the order's write claims under the same id, so it finds the cart claimed by itself, not by a stranger.
    /// </summary>
    public static string OrderIdFor(string requestKey) =>
        $"ord_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestKey)))[..32]}";

    public Task<CheckoutResult> Submit(CheckoutSubmission submission) =>
        grains.GetGrain<IOrderGrain>(OrderIdFor(this.GetPrimaryKeyString())).Place(submission);
}
