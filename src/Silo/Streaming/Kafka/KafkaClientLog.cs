using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>librdkafka's own logs and errors, into the silo's logs instead of standard error.</summary>
internal static partial class KafkaClientLog
{
    /// <summary>
    /// librdkafka retries connections and requests by itself: what it calls an error (a broker down) is a
    /// warning here, and only a fatal error, after which the client is unusable, is an error.
    /// </summary>
    public static void Log(ILogger logger, LogMessage message)
    {
        var level = LevelOf(message.Level);
        if (logger.IsEnabled(level))
            LogClient(logger, level, message.Name, message.Facility, message.Message);
    }

    public static void Error(ILogger logger, Error error)
    {
        if (error.IsFatal)
            LogFatal(logger, error.Code, error.Reason);
        else
            LogError(logger, error.Code, error.Reason);
    }

    private static LogLevel LevelOf(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error or SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(Message = "librdkafka {Client} {Facility}: {Message}")]
    private static partial void LogClient(ILogger logger, LogLevel level, string client, string facility, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka client error {Code}: {Reason} (retrying)")]
    private static partial void LogError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Fatal Kafka client error {Code}: {Reason}")]
    private static partial void LogFatal(ILogger logger, ErrorCode code, string reason);
}
