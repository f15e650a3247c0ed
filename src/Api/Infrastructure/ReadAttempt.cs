namespace EShop.Api.Infrastructure;

/// <summary>
/// One run of a GET or HEAD handler (<see cref="ReadRetry"/>), flowing with the request's async context so that
/// <see cref="ReadAttemptTimeout"/> can bound the grain calls it makes. Ended when the run ends: a timer or task the
/// handler started keeps the flow, but no longer the bound.
/// </summary>
internal sealed class ReadAttempt : IDisposable
{
    private static readonly AsyncLocal<ReadAttempt?> Ambient = new();

    private volatile bool _ended;

    private ReadAttempt(TimeSpan callTimeout) => CallTimeout = callTimeout;

    /// <summary>The running attempt of this flow, if any.</summary>
    public static ReadAttempt? Current => Ambient.Value is { _ended: false } attempt ? attempt : null;

    /// <summary>How long each grain call of this attempt may take.</summary>
    public TimeSpan CallTimeout { get; }

    public static ReadAttempt Begin(TimeSpan callTimeout) => Ambient.Value = new ReadAttempt(callTimeout);

    public void Dispose()
    {
        _ended = true;
        Ambient.Value = null;
    }
}

/// <summary>
/// Abandons a grain call the Api makes for a read once it has taken the attempt's <see cref="ReadAttempt.CallTimeout"/>,
/// with a <see cref="ReadAttemptTimeoutException"/> that <see cref="ReadRetry"/> retries. Orleans 10.4.2 does not fail a
/// client's call in flight to a silo that died until the client response timeout (dotnet/orleans#10165).
/// Chosen over the alternatives because it is the least invasive: the grain methods take no CancellationToken (adding
/// one to every read method would change the grain interfaces and grains for a client-side concern), and
/// <c>[ResponseTimeout]</c> on the interfaces would also cut short grain-to-grain calls and the Api's writes, in every
/// deployment, with one fixed value. This filter touches only calls made outside any grain while a read is being served;
/// the abandoned call is not cancelled on the silo, which is harmless for a read, and Orleans frees it at its own timeout.
/// </summary>
internal sealed class ReadAttemptTimeout : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context) =>
        ReadAttempt.Current is { } attempt && context.SourceContext is null
            ? Bounded(context, attempt.CallTimeout)
            : context.Invoke();

    private static async Task Bounded(IOutgoingGrainCallContext context, TimeSpan timeout)
    {
        var call = context.Invoke();
        try
        {
            await call.WaitAsync(timeout);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            // Its outcome, when it comes, has no reader left.
            _ = call.ContinueWith(static abandoned => abandoned.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new ReadAttemptTimeoutException($"{context.InterfaceName}.{context.MethodName} gave no answer within {timeout}; abandoned.");
        }
    }
}

/// <summary>A grain call made for a read that was abandoned after the attempt timeout.</summary>
internal sealed class ReadAttemptTimeoutException(string message) : TimeoutException(message);
