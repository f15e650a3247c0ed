using System.Globalization;
using EShop.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Infrastructure;

/// <summary>RFC 9457 answers; every one passes through the problem-details service, which adds the traceId.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    /// <summary>A refusal that tells the client when to come back (429 rate limited or locked out, 503 busy).</summary>
    public static ProblemHttpResult RetryLater(HttpResponse response, int status, string title, string detail, TimeSpan retryAfter)
    {
        SetRetryAfter(response, retryAfter);
        return TypedResults.Problem(detail, statusCode: status, title: title);
    }

    /// <summary>Sets Retry-After in whole seconds, rounded up and at least 1, and returns them.</summary>
    public static long SetRetryAfter(HttpResponse response, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }

    public static ValidationProblem Invalid(ValidationFailure failure) =>
        TypedResults.ValidationProblem(
            failure.Errors,
            detail: $"Invalid fields: {string.Join(", ", failure.Errors.Keys)}.",
            title: "Validation failed");

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new ValidationFailure(new Dictionary<string, string[]> { [field] = [message] }));
}
