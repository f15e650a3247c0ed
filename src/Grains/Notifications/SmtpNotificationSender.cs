using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EShop.Grains.Notifications;

/// <summary>Sends notifications as plain-text mail through MailKit, one connection per message.</summary>
public sealed class SmtpNotificationSender(IOptions<NotificationOptions> options) : INotificationSender
{
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(new MailboxAddress(notification.ToName, notification.ToAddress));
        message.Subject = notification.Subject;
        message.Body = new TextPart("plain") { Text = notification.Body };
        // The key doubles as the Message-Id's local part, so that a receiving system can spot a repeat.
        message.MessageId = $"{notification.Key.Replace('/', '.')}@{settings.FromAddress.Split('@')[^1]}";

        using var client = new SmtpClient { Timeout = (int)settings.Smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Smtp.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set."), settings.Smtp.Port, settings.Smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Smtp.Username))
            await client.AuthenticateAsync(settings.Smtp.Username, settings.Smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
