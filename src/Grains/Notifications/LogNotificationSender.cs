using EShop.Grains.Common;
using Microsoft.Extensions.Logging;

namespace EShop.Grains.Notifications;

/// <summary>Where notifications go without an SMTP server: one structured log line each.</summary>
public sealed partial class LogNotificationSender(ILogger<LogNotificationSender> logger) : INotificationSender
{
    public Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        // Masked before it is logged: the log is not a place for customers' addresses.
        var to = Redact.Email(notification.ToAddress);
        LogNotification(logger, notification.Key, to, notification.Subject);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Notification {Key} to {To}: {Subject}")]
    private static partial void LogNotification(ILogger logger, string key, string to, string subject);
}
