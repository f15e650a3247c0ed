using System.Collections.Frozen;
using EShop.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Mvc;

namespace EShop.Api.Infrastructure;

/// <summary>Which rule checks each id of an endpoint's route; tests and tools read it from the endpoint metadata.</summary>
public sealed record RouteIdRules(IReadOnlyDictionary<string, IdKind> Parameters);

/// <summary>
/// Checks every id in a route against its syntax (<see cref="Ids"/>) before the handler runs. Ids become grain keys
/// and Orleans throws on a blank one, which was an anonymous 500 with a stack trace at Error; now an id no object can
/// have is a 404 like any unknown id, logged at Debug.
/// </summary>
public static partial class RouteIdFilter
{
    private static readonly FrozenDictionary<string, IdKind> ByParameter = new Dictionary<string, IdKind>(StringComparer.Ordinal)
    {
        ["productId"] = Ids.Product,
        ["orderId"] = Ids.Order,
        ["userId"] = Ids.User,
        ["addressId"] = Ids.Address,
        ["sku"] = Ids.Sku,
        ["code"] = Ids.DiscountCode,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Checks the ids of every endpoint in the group. A route parameter without a rule fails at start-up, so a route
    /// added later cannot slip an unchecked id through.
    /// </summary>
    public static TBuilder ValidateRouteIds<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder { RoutePattern: var pattern } || pattern.Parameters.Count == 0)
                return;
            var rules = pattern.Parameters.ToDictionary(p => p.Name, p => ByParameter.GetValueOrDefault(p.Name)
                ?? throw new InvalidOperationException(
                    $"The route '{pattern.RawText}' has the parameter '{p.Name}', for which RouteIdFilter has no id rule."));

            endpoint.Metadata.Add(new RouteIdRules(rules));
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
            endpoint.FilterFactories.Add((context, next) =>
            {
                var logger = context.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RouteIdFilter).FullName!);
                return invocation => Check(invocation, rules, pattern.RawText ?? "", logger, next);
            });
        });
        return builder;
    }

    private static ValueTask<object?> Check(
        EndpointFilterInvocationContext invocation, Dictionary<string, IdKind> rules, string route, ILogger logger, EndpointFilterDelegate next)
    {
        var request = invocation.HttpContext.Request;
        foreach (var (parameter, kind) in rules)
        {
            if (!kind.IsValid(request.RouteValues[parameter] as string))
            {
                // The id itself is not logged: it is hostile input of any length.
                LogRefused(logger, parameter, request.Method, route);
                return ValueTask.FromResult<object?>(Problems.NotFound($"No such {kind.Name}."));
            }
        }

        return next(invocation);
    }

    [LoggerMessage(EventId = 1001, EventName = "RouteIdRefused", Level = LogLevel.Debug,
        Message = "Refused a {Parameter} that no object can have on {Method} {Route}")]
    private static partial void LogRefused(ILogger logger, string parameter, string method, string route);
}
