using EShop.Silo.Hosting;
using Microsoft.Extensions.Hosting;

// A standalone silo: the Api joins it with Orleans:Mode=Client.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddEShopSilo(builder.Configuration, builder.Environment));
await builder.Build().RunAsync();
