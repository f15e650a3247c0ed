using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Silo.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace EShop.Api.Tests.Infrastructure;

[Collection(ApiCollection.Name)]
public sealed class DemoSeedingTests(ApiFactory factory)
{
    private const string ProductId = "prd_demo_night-trains";
    private const string Sku = "NIGHT-TRAINS-EBOOK";

    [Fact]
    public async Task Seeding_again_keeps_what_admins_changed_and_adds_nothing()
    {
        var admin = await factory.Admin();
        var product = await admin.GetFromJsonAsync<JsonElement>($"/api/products/{ProductId}");
        var renamed = new
        {
            name = "Night Trains (2nd edition)",
            description = product.GetProperty("description").GetString(),
            category = product.GetProperty("category").GetString(),
            variants = product.GetProperty("variants"),
        };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/products/{ProductId}", renamed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/inventory/{Sku}", new { onHand = 7 })).StatusCode);
        var totalBefore = (await admin.GetFromJsonAsync<JsonElement>("/api/products?pageSize=1")).GetProperty("total").GetInt32();

        var seeder = factory.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<DemoSeeder>().Single();
        await seeder.SeedAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Night Trains (2nd edition)", (await admin.GetFromJsonAsync<JsonElement>($"/api/products/{ProductId}")).GetProperty("name").GetString());
        Assert.Equal(7, (await admin.GetFromJsonAsync<JsonElement>($"/api/inventory/{Sku}")).GetProperty("onHand").GetInt32());
        Assert.Equal(totalBefore, (await admin.GetFromJsonAsync<JsonElement>("/api/products?pageSize=1")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await admin.Login(ApiFactory.AdminEmail, ApiFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task The_demo_catalog_has_pictures_of_products_and_colours_that_the_api_serves()
    {
        var client = factory.CreateClient();
        var tee = await client.GetFromJsonAsync<JsonElement>("/api/products/prd_demo_classic-tee", TestContext.Current.CancellationToken);

        var image = Assert.Single(tee.GetProperty("images").EnumerateArray());
        Assert.Equal(("/images/products/prd_demo_classic-tee.svg", "Classic Tee"), (image.GetProperty("url").GetString(), image.GetProperty("alt").GetString()));
        var black = tee.GetProperty("variants").EnumerateArray().First(v => v.GetProperty("sku").GetString() == "CLASSIC-TEE-BLACK-M");
        var variantImage = Assert.Single(black.GetProperty("images").EnumerateArray());
        Assert.Equal("Classic Tee in black", variantImage.GetProperty("alt").GetString());
        foreach (var url in new[] { image.GetProperty("url").GetString(), variantImage.GetProperty("url").GetString() })
        {
            var picture = await client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
            Assert.Equal("image/svg+xml", picture.Content.Headers.ContentType?.MediaType);
        }

        var electronics = (await client.GetFromJsonAsync<JsonElement>("/api/products?category=electronics", TestContext.Current.CancellationToken)).GetProperty("items");
        Assert.NotEmpty(electronics.EnumerateArray());
        Assert.All(electronics.EnumerateArray(), product => Assert.Equal(1, product.GetProperty("images").GetArrayLength()));
    }

    [Fact]
    public async Task The_seeding_log_names_the_admin_account_with_its_email_masked()
    {
        var logger = new FakeLogger<DemoSeeder>();
        var options = Options.Create(new SeedOptions { Enabled = true, AdminEmail = ApiFactory.AdminEmail, AdminPassword = ApiFactory.AdminPassword });
        var seeder = new DemoSeeder(factory.Services.GetRequiredService<IGrainFactory>(), options, logger);

        await seeder.SeedAsync(TestContext.Current.CancellationToken);

        var line = Assert.Single(logger.Collector.GetSnapshot()).Message;
        Assert.Contains("admin account a***@tests.local", line, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiFactory.AdminEmail, line, StringComparison.Ordinal);
    }
}
