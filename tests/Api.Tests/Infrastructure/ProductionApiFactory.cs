using EShop.Tests.Shared;
using Microsoft.AspNetCore.Hosting;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// The Api as it runs in Production: a strong random signing key, no seeding, simulated payments chosen explicitly,
/// one trusted TLS-terminating proxy.
/// </summary>
public sealed class ProductionApiFactory : ApiFactory
{
    public const string TrustedProxy = "10.0.0.5";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Jwt:SigningKey", TestSecrets.NewSigningKey());
        builder.UseSetting("Seed:Enabled", "false");
        builder.UseSetting("Payments:Gateway", "Simulated");
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", TrustedProxy);
    }
}

[CollectionDefinition(Name)]
public sealed class ProductionApiCollection : ICollectionFixture<ProductionApiFactory>
{
    public const string Name = "api-production";
}
