using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EShop.Api.Tests.Events;

/// <summary>The Api as `dotnet run -- --Orleans:Streams=Kafka --Kafka:BootstrapServers=mock` starts it: no broker needed.</summary>
public sealed class KafkaMockApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Orleans:Streams", "Kafka");
        builder.UseSetting("Kafka:BootstrapServers", "mock");
        builder.UseSetting("Kafka:FetchWaitMax", "00:00:00.010");
    }
}

public sealed class KafkaApiTests(KafkaMockApiFactory factory) : IClassFixture<KafkaMockApiFactory>
{
    private static readonly object Address = new { fullName = "Ann Example", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country = "US" };

    [Fact]
    public async Task Metrics_show_the_consumer_lag_of_every_topic_partition_the_silo_reads()
    {
        using var http = factory.Client(ApiFactory.ManagementPort);

        var lagLines = await ApiClients.Until(
            async () => (await http.GetStringAsync("/metrics")).Split('\n').Where(l => l.StartsWith("eshop_kafka_consumer_lag{", StringComparison.Ordinal)).ToArray(),
            lines => lines.Length >= 20,
            "20 partitions with a lag reading");

        Assert.Equal(20, lagLines.Length);
        foreach (var topic in new[] { "eshop.users", "eshop.catalog", "eshop.orders", "eshop.payments", "eshop.inventory" })
            Assert.Equal(4, lagLines.Count(l => l.Contains($"topic=\"{topic}\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_checkout_over_http_reaches_the_admin_order_list_through_kafka()
    {
        var admin = await factory.Admin();
        var customer = await factory.Customer();
        var products = await customer.GetFromJsonAsync<JsonElement>("/api/products?pageSize=1");
        var sku = products.GetProperty("items")[0].GetProperty("variants")[0].GetProperty("sku").GetString();
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 })).StatusCode);
        var placed = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
            Content = JsonContent.Create(new { shippingAddress = Address, paymentMethodId = "pm_card_visa" }),
        });
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString();
        var userId = (await customer.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("userId").GetString();

        var page = await ApiClients.Until(
            () => admin.GetFromJsonAsync<JsonElement>($"/api/admin/orders?userId={userId}&status=Confirmed"),
            p => p.GetProperty("total").GetInt64() > 0,
            "the order confirmed in the admin list");

        Assert.Equal(orderId, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("orderId").GetString());
    }
}
