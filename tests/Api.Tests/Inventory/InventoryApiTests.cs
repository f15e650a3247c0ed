using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Inventory;

[Collection(ApiCollection.Name)]
public sealed class InventoryApiTests(ApiFactory factory)
{
    private const string SeededSku = "CERAMIC-MUG-BLUE";

    [Fact]
    public async Task Admin_reads_seeded_stock()
    {
        var admin = await factory.Admin();

        var stock = await admin.GetFromJsonAsync<JsonElement>("/api/inventory/KETTLE-STD");

        Assert.Equal("KETTLE-STD", stock.GetProperty("sku").GetString());
        Assert.Equal(25, stock.GetProperty("onHand").GetInt32());
        Assert.Equal(0, stock.GetProperty("reserved").GetInt32());
        Assert.Equal(25, stock.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Admin_sets_stock_and_reads_it_back()
    {
        var admin = await factory.Admin();

        var set = await admin.PutAsJsonAsync($"/api/inventory/{SeededSku}", new { onHand = 42 });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var stock = await admin.GetFromJsonAsync<JsonElement>($"/api/inventory/{SeededSku}");
        Assert.Equal(42, stock.GetProperty("onHand").GetInt32());
        Assert.Equal(42, stock.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Negative_or_missing_stock_is_400_and_changes_nothing()
    {
        var admin = await factory.Admin();
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/inventory/BLENDER-STD");

        Assert.Equal(["onHand"], await (await admin.PutAsJsonAsync("/api/inventory/BLENDER-STD", new { onHand = -1 })).AssertValidationFields());
        Assert.Equal(["onHand"], await (await admin.PutAsJsonAsync("/api/inventory/BLENDER-STD", new { })).AssertValidationFields());

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/inventory/BLENDER-STD");
        Assert.Equal(before.GetProperty("onHand").GetInt32(), after.GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task Unknown_sku_is_404()
    {
        var admin = await factory.Admin();
        await (await admin.GetAsync("/api/inventory/NO-SUCH-SKU")).AssertProblem(HttpStatusCode.NotFound);
        await (await admin.PutAsJsonAsync("/api/inventory/NO-SUCH-SKU", new { onHand = 1 })).AssertProblem(HttpStatusCode.NotFound);
    }
}
