using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Tests.Infrastructure;

namespace EShop.Grains.Tests.Payments;

/// <summary>The Api checks payment methods through this grain; the answer is the silo's gateway's.</summary>
[Collection(SharedCluster.Name)]
public sealed class PaymentMethodsGrainTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("pm_card_visa", true)]
    [InlineData("pm_card_chargeDeclined", true)]
    [InlineData(HoldingGateway.HeldMethod, true)]
    [InlineData("pm_card_bitcoin", false)]
    [InlineData("", false)]
    public async Task A_method_is_accepted_exactly_when_the_silos_gateway_takes_it(string paymentMethodId, bool accepted)
    {
        Assert.Equal(accepted, await fixture.Client.GetGrain<IPaymentMethodsGrain>(0).Accepts(paymentMethodId));
    }
}
