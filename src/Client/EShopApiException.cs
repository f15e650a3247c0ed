using System.Net;

namespace EShop.Client;

/// <summary>The Api answered with an error: its status, and its problem details when it sent them.</summary>
public sealed class EShopApiException(HttpStatusCode status, ProblemDetails? problem, TimeSpan? retryAfter)
    : Exception($"{(int)status} {problem?.Title ?? status.ToString()}{(problem?.Detail is { } detail ? $": {detail}" : "")}")
{
    public HttpStatusCode Status { get; } = status;

    public ProblemDetails? Problem { get; } = problem;

    /// <summary>From a 429 or 503: when the Api says to try again.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
