using Microsoft.AspNetCore.Hosting;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>The test Api in Development, where the Development-only routes (<c>POST /api/dev/customers</c>) exist.</summary>
public sealed class DevelopmentApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }
}

[CollectionDefinition(Name)]
public sealed class DevelopmentApiCollection : ICollectionFixture<DevelopmentApiFactory>
{
    public const string Name = "api-development";
}
