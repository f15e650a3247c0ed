namespace EShop.Integration.Tests.Recovery;

/// <summary>
/// Polls for an observable outcome until a deadline, never sleeping blindly. While a cluster fails over, a probe
/// may throw or hang (calls routed to a dead silo): each probe is bounded, and its failures are retried until the
/// deadline, then reported with what was last seen.
/// </summary>
internal static class Poll
{
    public static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan deadline, Func<string>? diagnostics = null)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var until = DateTime.UtcNow + deadline;
        var last = "nothing yet";
        while (true)
        {
            try
            {
                var value = await probe().WaitAsync(ProbeTimeout, cancellation);
                if (done(value))
                    return value;
                last = $"{value}";
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                last = $"{error.GetType().Name}: {error.Message}";
            }

            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Still not true after {deadline.TotalSeconds:0} s: {what}. Last seen: {last}\n{diagnostics?.Invoke()}");
            await Task.Delay(Interval, cancellation);
        }
    }
}
