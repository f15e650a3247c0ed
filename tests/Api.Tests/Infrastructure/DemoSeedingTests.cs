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
