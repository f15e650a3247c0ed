using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EShop.Api.Tests.Orders;
using EShop.Tests.Shared;
using Microsoft.AspNetCore.Hosting;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>The Api exporting traces and logs over OTLP to an address where nothing listens.</summary>
public sealed class DeadCollectorApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePorts.Take(1)[0]}"));
    }
}

public sealed class TelemetryOutageHealthApiTests(DeadCollectorApiFactory factory) : IClassFixture<DeadCollectorApiFactory>
{
    [Fact]
    public async Task A_dead_collector_leaves_the_api_ready_and_checkouts_confirming()
    {
        var (_, sku, _) = await factory.TwoFreshSkus(5, 5);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });

        var ready = await factory.Client().GetAsync("/health/ready");
        var orderId = await Checkouts.Accepted(await Checkouts.PlaceOrder(customer, Guid.NewGuid().ToString()));
        var order = await Checkouts.Settled(customer, orderId);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
    }
}
