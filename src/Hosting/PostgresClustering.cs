using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Hosting;

/// <summary>Cluster membership in PostgreSQL (Orleans ADO.NET clustering): what a client needs to find the gateways.</summary>
public static class PostgresClustering
{
    public static IClientBuilder UsePostgresClustering(this IClientBuilder client, IConfiguration configuration)
    {
        var databases = ShopDatabases.From(configuration);
        CarryNpgsqlErrors(client.Services);
        return client.UseAdoNetClustering(options =>
        {
            options.Invariant = ShopDatabases.Invariant;
            options.ConnectionString = databases.MainConnectionString;
        });
    }

    /// <summary>A database error thrown inside a grain reaches the caller as itself (the Api sheds pool exhaustion as 503).</summary>
    public static void CarryNpgsqlErrors(IServiceCollection services) =>
        services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
}
