using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace EShop.Api.Infrastructure;

/// <summary>
/// The problem-details writer of last resort: ASP.NET's own writes only to clients that accept JSON, so a refusal
/// of a request that accepts just <c>text/event-stream</c> (a browser's EventSource) would go out bare, without the
/// traceId the contract promises on every error. This one writes the same body, customised the same way, whatever
/// the Accept header says; an error has no other representation to offer.
/// </summary>
internal sealed class ProblemWriter(IOptions<ProblemDetailsOptions> problems, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    private const string MediaType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        // What ASP.NET's writer would fill in for a bare status (a 401 from the status-code pages, say).
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        var typeInfo = json.Value.SerializerOptions.GetTypeInfo(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails));
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(context.ProblemDetails, typeInfo, MediaType));
    }
}
