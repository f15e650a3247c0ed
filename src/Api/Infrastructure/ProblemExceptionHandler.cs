using System.Text.Json;
using EShop.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EShop.Api.Infrastructure;

/// <summary>
/// Turns binding failures into 400s (413 for a body over the limit) that name the field, a call that found the database
/// connection budget exhausted or a cluster failing over into a 503 with Retry-After, and anything else into a
/// 500 that says nothing. The framework's own message (parameter types and names, the rejected value) is shown in
/// Development only: elsewhere it would tell a prober how the handlers are written.
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems, IHostEnvironment environment, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public const string UnreadableDetail = "The request could not be read: check the JSON body and the route and query values.";
    public const string TooLargeDetail = "The request body is too large.";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            var tooLarge = bad.StatusCode == StatusCodes.Status413PayloadTooLarge;
            problem = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = tooLarge ? "Payload too large" : "Bad request",
                Detail = environment.IsDevelopment() ? bad.Message : tooLarge ? TooLargeDetail : UnreadableDetail,
            };
            if (bad.InnerException is JsonException { Path: { } path })
            {
                var field = path.TrimStart('$').TrimStart('.');
                problem.Extensions["errors"] = new Dictionary<string, string[]>
                {
                    [field.Length == 0 ? "body" : Echo.Of(field)] = ["The value could not be read as JSON of the expected type."],
                };
            }
        }
        else if (DatabaseBusy.Caused(exception))
        {
            LogDatabaseBusy(logger, context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = ((int)DatabaseBusy.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service busy",
                Detail = "The shop is at its database capacity. Retry after the time given in Retry-After.",
            };
        }
        else if (DatabaseUnavailable.Caused(exception))
        {
            LogDatabaseUnavailable(logger, context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = ((int)DatabaseUnavailable.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = "The shop's database is not answering. Retry after the time given in Retry-After.",
            };
        }
        else if (ClusterUnavailable.Caused(exception))
        {
            LogClusterUnavailable(logger, context.Request.Method, context.Request.Path, exception.GetType().Name);
            context.Response.Headers.RetryAfter = ((int)ClusterUnavailable.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = "Part of the shop is moving to another server. Retry after the time given in Retry-After.",
            };
        }
        else
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal server error",
                Detail = "An unexpected error occurred. Quote the traceId when reporting it.",
            };
        }

        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    // Expected for a few seconds after a silo dies; an alert watches the 5xx ratio, so Warning, not Error.
    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Answered {Method} {Path} with 503: the cluster is failing over ({Exception})")]
    private static partial void LogClusterUnavailable(ILogger logger, string method, string path, string exception);

    // Shedding under a burst is the designed answer, not a fault: Warning, so it does not page anyone as an error.
    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Shed {Method} {Path} with 503: no database connection within the wait")]
    private static partial void LogDatabaseBusy(ILogger logger, string method, string path);

    // The database's own alerts page for an outage; each request it fails is a Warning here, not an Error.
    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Answered {Method} {Path} with 503: the database is unreachable")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
