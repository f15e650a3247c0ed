using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using EShop.Grains.Orders.ReadModel;

namespace EShop.Grains.Orders;

/// <summary>The <c>Orders</c> section.</summary>
public sealed class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>
    /// How often each silo wakes running sagas whose state has not been written for as long: after a crash, and for
    /// retries and payment timeouts while a saga waits.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>A hook called right after the saga reaches a step (written or not); tests crash an activation there.</summary>
public interface ISagaFaults
{
    void AfterStep(string orderId, SagaStep reached);
}

public sealed class NoSagaFaults : ISagaFaults
{
    public void AfterStep(string orderId, SagaStep reached)
    {
    }
}

/// <summary>Thrown by a fault injector to kill an order's activation right after a step was persisted.</summary>
[GenerateSerializer, Alias("eshop.simulated-crash")]
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

public static class OrderServices
{
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrderOptions>().Bind(configuration.GetSection(OrderOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ISagaFaults, NoSagaFaults>();
        services.TryAddSingleton<OrderMetrics>();
        services.TryAddSingleton<IOrderReadStore, GrainOrderReadStore>();
        return services;
    }
}
