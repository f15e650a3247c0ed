using EShop.Silo.Hosting;
using Microsoft.Extensions.Hosting;

namespace EShop.Silo;

/// <summary>A standalone silo: the Api joins it with Orleans:Mode=Client.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.UseOrleans(silo => silo.AddEShopSilo(builder.Configuration, builder.Environment));
        await builder.Build().RunAsync();
    }
}
