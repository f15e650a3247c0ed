using System.Collections.Concurrent;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Events;
using EShop.Grains.Notifications;
using EShop.Grains.Orders;

namespace EShop.Tests.Doubles;

/// <summary>Kills an activation once, right before it publishes a chosen subject's event of a chosen type.</summary>
public sealed class CrashBeforePublish : IOutboxFaults
{
    private readonly ConcurrentDictionary<string, string> _armed = new();

    public ConcurrentQueue<DomainEvent> Fired { get; } = [];

    public void Arm(string subject, string type) => _armed[subject] = type;

    public void BeforePublish(GrainId grain, DomainEvent domainEvent)
    {
        if (_armed.TryGetValue(domainEvent.Subject, out var type) && type == domainEvent.Type && _armed.TryRemove(domainEvent.Subject, out _))
        {
            Fired.Enqueue(domainEvent);
            throw new SimulatedCrashException($"Crash before publishing {domainEvent.Type} of {domainEvent.Subject}");
        }
    }
}

/// <summary>Notifications the silo sent, instead of mail.</summary>
public sealed class RecordingNotificationSender : INotificationSender
{
    public ConcurrentQueue<Notification> Sent { get; } = [];

    public IReadOnlyList<Notification> To(string address) => [.. Sent.Where(n => n.ToAddress == address)];

    public Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        Sent.Enqueue(notification);
        return Task.CompletedTask;
    }
}
