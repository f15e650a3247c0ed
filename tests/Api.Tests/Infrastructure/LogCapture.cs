using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>One logged message, with the trace it was written under so a test can pick out its own request's logs.</summary>
public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception, string? TraceId)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message} {Exception}";
}

/// <summary>Keeps every message the Api logs, so tests can assert what was (not) logged at Error.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Messages at <paramref name="level"/> or above written while serving the request of that trace.</summary>
    public IReadOnlyList<LogEntry> InTrace(string traceId, LogLevel level) =>
        [.. _entries.Where(e => e.Level >= level && e.TraceId == traceId)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception, Activity.Current?.TraceId.ToHexString()));
    }
}
