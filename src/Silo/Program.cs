using EShop.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EShop.Silo;

/// <summary>A standalone silo: the Api joins it with Orleans:Mode=Client.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);

        // The silo ships no appsettings file (the Api, which references this project, has its own): quiet
        // defaults here, overridable through Logging__LogLevel__* environment variables.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
        builder.AddEShopTelemetry("eshop-silo");
        builder.UseOrleans(silo => silo.AddEShopSilo(builder.Configuration, builder.Environment));
        await builder.Build().RunAsync();
    }
}
