using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace EShop.LoadTest.Http;

/// <summary>
/// What one load call got: its value, or the error the report counts it under (the status code, timeout or network)
/// with the refusal's status and Retry-After.
/// </summary>
public sealed record Outcome<T>(T? Value, string? Error, HttpStatusCode? Status = null, TimeSpan? RetryAfter = null)
{
    [MemberNotNullWhen(true, nameof(Value))]
    public bool Ok => Error is null;

    /// <summary>No answer came: a timeout or a network failure.</summary>
    public bool Unanswered => Error is not null && Status is null;

    public bool Is(HttpStatusCode code) => Status == code;
}
