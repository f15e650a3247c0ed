using System.Collections.Concurrent;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Events;
using EShop.Grains.Notifications;
using EShop.Grains.Orders;

namespace EShop.Tests.Doubles;

/// <summary>
/// Faults before a chosen subject's event of a chosen type is published: first <c>failures</c> failed publishes
/// (as with a broker down), then (with <c>crash</c>) one crash that kills the activation, then nothing.
/// </summary>
public sealed class CrashBeforePublish : IOutboxFaults
{
    private readonly ConcurrentDictionary<string, (string Type, int Failures, bool Crash)> _armed = new();

    public ConcurrentQueue<DomainEvent> Fired { get; } = [];

    public ConcurrentQueue<DomainEvent> Failed { get; } = [];

    public void Arm(string subject, string type, int failures = 0, bool crash = true) => _armed[subject] = (type, failures, crash);

    public void BeforePublish(GrainId grain, DomainEvent domainEvent)
    {
        if (!_armed.TryGetValue(domainEvent.Subject, out var armed) || armed.Type != domainEvent.Type)
            return;
        if (armed.Failures > 0)
        {
            _armed[domainEvent.Subject] = armed with { Failures = armed.Failures - 1 };
            Failed.Enqueue(domainEvent);
            throw new InvalidOperationException($"The broker refuses {domainEvent.Type} of {domainEvent.Subject}");
        }

        if (_armed.TryRemove(domainEvent.Subject, out _) && armed.Crash)
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
