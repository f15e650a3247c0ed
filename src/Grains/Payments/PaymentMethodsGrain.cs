using EShop.Grains.Abstractions.Payments;
using Orleans.Concurrency;

namespace EShop.Grains.Payments;

/// <summary>Asks the silo's gateway, so that the Api needs no payment library or settings of its own.</summary>
[StatelessWorker]
public sealed class PaymentMethodsGrain(IPaymentGateway gateway) : Grain, IPaymentMethodsGrain
{
    public Task<bool> Accepts(string paymentMethodId) => Task.FromResult(gateway.Accepts(paymentMethodId));
}
