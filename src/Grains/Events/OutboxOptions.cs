using System.ComponentModel.DataAnnotations;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Events;

/// <summary>The <c>Outbox</c> section: how grains publish the events recorded in their state.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>The longest a single publish may take before it counts as failed and is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>The first wait before a failed publish is retried; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after publishing a grain writes its emptied outbox, unless a write of its own did it first. The
    /// delay keeps that write off the request path and merges the drops of a burst of changes into one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DropWriteDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a grain whose publish failed is woken by its reminder (so that a grain deactivated or lost
    /// meanwhile publishes anyway); Orleans' minimum reminder period applies.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>A hook called before each publish; tests kill the activation there, after the event was written.</summary>
public interface IOutboxFaults
{
    void BeforePublish(GrainId grain, DomainEvent domainEvent);
}

public sealed class NoOutboxFaults : IOutboxFaults
{
    public void BeforePublish(GrainId grain, DomainEvent domainEvent)
    {
    }
}

/// <summary>What every outbox needs, injected once into each emitting grain.</summary>
public sealed class OutboxServices(ShopClock clock, IOutboxFaults faults, IOptions<OutboxOptions> options, ILogger<EventOutbox> logger)
{
    public ShopClock Clock { get; } = clock;
    public IOutboxFaults Faults { get; } = faults;
    public OutboxOptions Options { get; } = options.Value;
    public ILogger<EventOutbox> Logger { get; } = logger;
}

public static class EventServices
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IOutboxFaults, NoOutboxFaults>();
        services.TryAddSingleton<OutboxServices>();
        return services;
    }
}
