namespace EShop.Api.Infrastructure;

internal static class ExceptionChain
{
    /// <summary>Whether the exception, one it wraps, or one of an AggregateException's matches: grain calls and storage
    /// wrap what really happened.</summary>
    public static bool Any(Exception exception, Func<Exception, bool> match) =>
        match(exception)
        || (exception is AggregateException aggregate && aggregate.InnerExceptions.Any(inner => Any(inner, match)))
        || (exception.InnerException is { } wrapped && Any(wrapped, match));
}
