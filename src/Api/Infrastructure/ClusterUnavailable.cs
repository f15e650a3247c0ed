namespace EShop.Api.Infrastructure;

/// <summary>
/// A grain call that failed because the cluster is moving: the silo holding the grain died and is not yet declared
/// dead (Orleans rejects the message), a gateway is gone or shedding load, or the call timed out waiting for a silo
/// that will never answer. Nothing is wrong with the request: it is answered 503 with Retry-After, which clients and
/// proxies retry, instead of a 500.
/// </summary>
internal static class ClusterUnavailable
{
    /// <summary>Long enough for a dead silo to be declared dead and its grains to move (FailoverOptions).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(3);

    // SiloUnavailableException is an OrleansMessageRejectionException; so is "no gateways available".
    public static bool Caused(Exception exception) => ExceptionChain.Any(exception, static e =>
        e is OrleansMessageRejectionException or GatewayTooBusyException or Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException);
}
