namespace EShop.Grains.Notifications;

/// <summary>One message to one customer. Key names the occasion ("{orderId}/confirmed"), for logs and dedup.</summary>
public sealed record Notification(string Key, string ToAddress, string ToName, string Subject, string Body);

/// <summary>Delivers a notification; throws when it could not, so that the event is retried.</summary>
public interface INotificationSender
{
    Task SendAsync(Notification notification, CancellationToken cancellationToken);
}
