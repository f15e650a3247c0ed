using Microsoft.Extensions.Logging;

namespace EShop.Grains.Notifications;

/// <summary>Where notifications go without an SMTP server: one structured log line each.</summary>
public sealed partial class LogNotificationSender(ILogger<LogNotificationSender> logger) : INotificationSender
{
    public Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        LogNotification(logger, notification.Key, notification.ToAddress, notification.Subject);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Key} to {To}: {Subject}")]
    private static partial void LogNotification(ILogger logger, string key, string to, string subject);
}
