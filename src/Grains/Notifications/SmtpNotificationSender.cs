using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Registry;

namespace EShop.Grains.Notifications;

/// <summary>
/// Sends notifications as plain-text mail through MailKit, one connection per message, inside the <c>smtp</c>
/// resilience pipeline (see <see cref="SmtpResilienceOptions"/>): while its circuit is open a send throws
/// <see cref="Polly.CircuitBreaker.BrokenCircuitException"/> without connecting.
/// </summary>
public sealed class SmtpNotificationSender(IOptions<NotificationOptions> options, ResiliencePipelineProvider<string> pipelines) : INotificationSender
{
    public const string PipelineName = "smtp";

    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(PipelineName);

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

        await _pipeline.ExecuteAsync(token => new ValueTask(SendOnce(settings.Smtp, message, token)), cancellationToken);
    }

    private static async Task SendOnce(SmtpOptions smtp, MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set."), smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
