using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace EShop.Grains.Notifications;

/// <summary>The <c>Notifications</c> section. Without <c>Smtp:Host</c> notifications are written to the log.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    [Required]
    public string FromAddress { get; set; } = "no-reply@eshop.local";

    [Required]
    public string FromName { get; set; } = "EShop";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Auto takes STARTTLS when the server offers it; SslOnConnect for port 465.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? Username { get; set; }

    public string? Password { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
