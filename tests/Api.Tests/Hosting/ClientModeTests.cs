using System.Net;
using System.Net.Http.Json;
using EShop.Api.Tests.Infrastructure;
using EShop.Api.Tests.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Api.Tests.Hosting;

/// <summary>
/// An Api joined to a cluster as a client (<c>Orleans:Mode=Client</c>) in Production, with no payment settings at
/// all: the silos check payment methods and verify webhooks. The cluster is the shared test Api's co-hosted silo.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClientModeTests(ApiFactory cluster)
{
    private ProductionHostFactory ClientApi()
    {
        var silo = cluster.Services.GetRequiredService<IConfiguration>();
        var settings = ProductionHostFactory.Fit();
        settings.Remove("Payments:Gateway");
        settings["Orleans:Mode"] = "Client";
        settings["Orleans:ClusterId"] = silo["Orleans:ClusterId"];
        settings["Orleans:GatewayPort"] = silo["Orleans:GatewayPort"];
        return new ProductionHostFactory(settings);
    }

    [Fact]
    public async Task A_client_api_without_payment_settings_starts_and_the_silo_judges_payment_methods()
    {
        await using var api = ClientApi();
        var http = api.CreateClient();
        var user = await http.Register();
        http.WithToken((await http.LoginOk(user.Email, user.Password)).AccessToken);

        var unknownMethod = await Checkouts.PlaceOrder(http, $"k-{Guid.NewGuid():N}", "pm_card_bitcoin");
        var knownMethod = await Checkouts.PlaceOrder(http, $"k-{Guid.NewGuid():N}", "pm_card_visa");

        Assert.Equal(["paymentMethodId"], await unknownMethod.AssertValidationFields());
        var problem = await knownMethod.AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("The cart is empty.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_client_api_streams_an_orders_status_told_through_the_gateway()
    {
        var (_, sku, _) = await cluster.TwoFreshSkus(5, 0);
        await using var api = ClientApi();
        var http = api.CreateClient();
        var user = await http.Register();
        http.WithToken((await http.LoginOk(user.Email, user.Password)).AccessToken);
        await http.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });
        var orderId = await Checkouts.Accepted(await Checkouts.PlaceOrder(http, Guid.NewGuid().ToString()));
        Assert.Equal("Confirmed", (await Checkouts.Settled(http, orderId)).GetProperty("status").GetString());

        await using var stream = await OrderEventStream.Open(http, orderId);
        var confirmed = await stream.NextEvent();
        Assert.Equal(("2", "Confirmed"), (confirmed.Id, confirmed.Status));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/orders/{orderId}/cancel", null)).StatusCode);

        var rest = await stream.EventsToTheEnd();
        Assert.Equal([("3", "Cancelled")], rest.Select(e => (e.Id!, e.Status)));
    }

    [Fact]
    public async Task A_client_api_without_payment_settings_passes_webhooks_to_the_silo()
    {
        await using var api = ClientApi();
        using var body = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        var response = await api.CreateClient().PostAsync("/api/payments/stripe/webhook", body);

        // The shared silo has no webhook secret: it refuses every webhook with the fixed detail.
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal("The webhook could not be verified.", problem.GetProperty("detail").GetString());
    }
}
