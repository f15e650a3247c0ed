using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Payments;

/// <summary>What the configured payment gateway can charge (stateless, any silo: key 0).</summary>
[Alias("eshop.IPaymentMethodsGrain")]
public interface IPaymentMethodsGrain : IGrainWithIntegerKey
{
    /// <summary>Whether a payment method id can be charged at all; a checkout with another one is refused (400).</summary>
    [ReadOnly, Alias("Accepts")]
    Task<bool> Accepts(string paymentMethodId);
}
