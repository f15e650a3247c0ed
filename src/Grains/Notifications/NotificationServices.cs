using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EShop.Grains.Notifications;

public static class NotificationServices
{
    /// <summary>SMTP when <c>Notifications:Smtp:Host</c> is set, the log otherwise; a sender registered before wins.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (string.IsNullOrWhiteSpace(configuration[$"{NotificationOptions.Section}:Smtp:Host"]))
            services.TryAddSingleton<INotificationSender, LogNotificationSender>();
        else
            services.TryAddSingleton<INotificationSender, SmtpNotificationSender>();
        return services;
    }
}
