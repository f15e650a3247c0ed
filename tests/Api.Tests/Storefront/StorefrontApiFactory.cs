using EShop.Api.Tests.Infrastructure;
using EShop.Tests.Shared;
using Microsoft.AspNetCore.Hosting;

namespace EShop.Api.Tests.Storefront;

/// <summary>
/// The test Api on a real Kestrel port for a real browser. Payments take <see cref="PaymentLatency"/> on the shop's
/// clock, which the tests control: an order stays Pending, visibly, until the test advances the clock.
/// </summary>
public sealed class StorefrontApiFactory : ApiFactory
{
    public static readonly TimeSpan PaymentLatency = TimeSpan.FromSeconds(2);

    public StorefrontApiFactory()
    {
        Port = FreePorts.Take(1)[0];
        UseKestrel(Port);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Payments:Simulated:Latency", PaymentLatency.ToString());
    }

    public override ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class StorefrontCollection : ICollectionFixture<StorefrontApiFactory>
{
    public const string Name = "storefront";
}
