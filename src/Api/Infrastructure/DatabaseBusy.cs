namespace EShop.Api.Infrastructure;

/// <summary>
/// A grain call that failed because no PostgreSQL connection came free within <c>Postgres:ConnectionWait</c>: the
/// process is at its connection budget, so the request is shed with 503 + Retry-After instead of a 500.
/// </summary>
internal static class DatabaseBusy
{
    /// <summary>Npgsql's own words; Orleans quotes them when it wraps a storage failure,
    /// and they survive copying the exception across silos even where its type does not.</summary>
    private const string PoolExhausted = "The connection pool has been exhausted";

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public static bool Caused(Exception exception) =>
        ExceptionChain.Any(exception, e => e.Message.Contains(PoolExhausted, StringComparison.Ordinal));
}
