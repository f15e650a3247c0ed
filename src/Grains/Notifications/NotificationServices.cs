using MailKit.Net.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

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
        {
            services.TryAddSingleton<INotificationSender, LogNotificationSender>();
            return services;
        }

        services.AddOptions<SmtpResilienceOptions>()
            .Bind(configuration.GetSection(SmtpResilienceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddResiliencePipeline(SmtpNotificationSender.PipelineName, (pipeline, context) =>
        {
            var settings = context.ServiceProvider.GetRequiredService<IOptions<SmtpResilienceOptions>>().Value;
            pipeline
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    ShouldHandle = args => ValueTask.FromResult(IsServerFailure(args.Outcome.Exception)),
                    FailureRatio = settings.FailureRatio,
                    MinimumThroughput = settings.MinimumThroughput,
                    SamplingDuration = settings.SamplingDuration,
                    BreakDuration = settings.BreakDuration,
                })
                .AddTimeout(settings.SendTimeout);
        });
        services.TryAddSingleton<INotificationSender, SmtpNotificationSender>();
        return services;
    }

    /// <summary>
    /// What says the server is unwell (no connection, timeouts, protocol or authentication errors, 4xx/5xx to the
    /// session); not a refusal of one message's sender or recipient, nor a cancellation by the caller.
    /// </summary>
    internal static bool IsServerFailure(Exception? exception) => exception switch
    {
        null or OperationCanceledException => false,
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted } => false,
        _ => true,
    };
}
