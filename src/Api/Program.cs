using EShop.Api.Carts;
using EShop.Api.Catalog;
using EShop.Api.Discounts;
using EShop.Api.Hosting;
using EShop.Api.Infrastructure;
using EShop.Api.Inventory;
using EShop.Api.Orders;
using EShop.Api.Payments;
using EShop.Api.Users;
using EShop.Hosting;

if (HealthProbe.IsProbe(args, out var probe))
    return await HealthProbe.RunAsync(probe);

var builder = WebApplication.CreateBuilder(args);
builder.AddEShopOrleans();
builder.AddEShopHttp();
builder.AddEShopAuth();
builder.AddEShopTelemetry();
builder.Services.AddEShopOrderEvents(builder.Configuration);

var app = builder.Build();
app.UseEShopHttp();
app.MapAuthEndpoints();
app.MapLoadTestCustomerEndpoints();
app.MapMeEndpoints();
app.MapProductEndpoints();
app.MapProductImageEndpoints();
app.MapInventoryEndpoints();
app.MapCartEndpoints();
app.MapOrderEndpoints();
app.MapAdminOrderEndpoints();
app.MapAdminUserEndpoints();
app.MapDiscountEndpoints();
app.MapPaymentEndpoints();
app.MapEShopOperations();
return await app.RunOrRefuseAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
