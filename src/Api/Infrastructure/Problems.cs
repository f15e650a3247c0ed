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

    public static ValidationProblem Invalid(ValidationFailure failure) =>
        TypedResults.ValidationProblem(
            failure.Errors,
            detail: $"Invalid fields: {string.Join(", ", failure.Errors.Keys)}.",
            title: "Validation failed");

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new ValidationFailure(new Dictionary<string, string[]> { [field] = [message] }));
}
