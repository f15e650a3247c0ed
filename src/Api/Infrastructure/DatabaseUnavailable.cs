namespace EShop.Api.Infrastructure;

/// <summary>
/// A grain call that failed because PostgreSQL could not be reached or dropped the connection (the server restarting,
/// stopped, paused past Npgsql's timeout, or in crash recovery). Nothing is wrong with the request and nothing was
/// written: it is answered 503 with Retry-After, which clients retry, instead of a 500. Found by the chaos runner
/// (docs/chaos.md), whose PostgreSQL stop turned cart writes into 500s.
/// </summary>
internal static class DatabaseUnavailable
{
    /// <summary>About what a restart of the server takes, as measured in the chaos runs.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    // Npgsql's own words, as Orleans quotes them when it wraps a storage failure: they survive copying the exception
    // to the client even where the Npgsql types do not. 57P01-57P03: the server is shutting down or starting up.
    private static readonly string[] Transient =
    [
        "Failed to connect to",
        "Exception while reading from stream",
        "Exception while writing to stream",
        "The operation has timed out",
        "57P01",
        "57P02",
        "57P03",
    ];

    public static bool Caused(Exception exception) => ExceptionChain.Any(exception, static e =>
        e is Npgsql.NpgsqlException { IsTransient: true } ||
        (e.Message.Contains("Npgsql", StringComparison.Ordinal) && Transient.Any(t => e.Message.Contains(t, StringComparison.Ordinal))));
}
