using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>The co-hosted silo's Orleans dashboard: for operators on the management port, absent on the public one.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardApiTests(ApiFactory factory)
{
    [Fact]
    public async Task The_dashboard_and_its_data_answer_on_the_management_port()
    {
        using var management = factory.Client(ApiFactory.ManagementPort);

        var page = await management.GetAsync("/dashboard/");
        // The dashboard samples the cluster once a second: the first sample may still be on its way after start.
        var counters = await ApiClients.Until(
            () => management.GetFromJsonAsync<JsonElement>("/dashboard/DashboardCounters"),
            c => c.GetProperty("hosts").GetArrayLength() > 0,
            "a sampled silo in the dashboard's counters");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var silo = Assert.Single(counters.GetProperty("hosts").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/ClusterStats")]
    [InlineData("/dashboard/GrainState?grainId=x&grainType=y")]
    public async Task The_public_port_has_no_dashboard_for_strangers_or_admins(string path)
    {
        var admin = await factory.Admin();

        var anonymous = await factory.Client().GetAsync(path);
        var asAdmin = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asAdmin.StatusCode);
    }
}
