using System.Globalization;
using EShop.Grains;
using EShop.Tests.Doubles;
using EShop.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>The real Api with its co-hosted silo, on free ports, with the shop's clock under the tests' control.</summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@tests.local";
    public const string AdminPassword = "Admin-Password-1";

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Holds chosen grain calls of the co-hosted silo open, e.g. to keep an order Pending while a test acts.</summary>
    public CallPauses Pauses { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var ports = FreePorts.Take(2);
        builder.UseSetting("Orleans:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:ClusterId", $"api-tests-{Guid.NewGuid():N}");
        builder.UseSetting("Jwt:SigningKey", "api-tests-signing-key-0123456789-abcdefghij");
        builder.UseSetting("Seed:Enabled", "true");
        builder.UseSetting("Seed:AdminEmail", AdminEmail);
        builder.UseSetting("Seed:AdminPassword", AdminPassword);
        builder.UseSetting("Seed:StockPerSku", "25");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new ShopClock(Time));
            services.AddSingleton<IOutgoingGrainCallFilter>(Pauses);
        });
    }

    public ValueTask InitializeAsync()
    {
        // Starts the host (and the silo, which seeds before it reports started).
        _ = Server;
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
