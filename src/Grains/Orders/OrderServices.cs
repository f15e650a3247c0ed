using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Grains.Orders;

public static class OrderServices
{
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration) => services;
}
