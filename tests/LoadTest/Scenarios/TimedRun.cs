using System.Collections.Concurrent;
using System.Diagnostics;
using EShop.LoadTest.Http;

namespace EShop.LoadTest.Scenarios;

/// <summary>
/// Runs <c>users</c> loops for warm-up plus duration: measuring starts after the warm-up; no iteration starts after
/// the end, and the ones running finish within their own deadlines.
/// </summary>
public static class TimedRun
{
    public static async Task<(TimeSpan Measured, IReadOnlyList<OrderOutcome> Orders)> Run(
        ScenarioContext context, int users, Func<int, Random, ConcurrentBag<OrderOutcome>, CancellationToken, Task> iteration,
        CancellationToken cancellationToken)
    {
        var options = context.Options;
        var orders = new ConcurrentBag<OrderOutcome>();
        var started = Stopwatch.GetTimestamp();
        var end = options.Warmup + options.Duration;
        context.Phase = options.Warmup > TimeSpan.Zero ? "warm-up" : "measuring";
        var clock = Task.Run(async () =>
        {
            await Task.Delay(options.Warmup, cancellationToken);
            context.Recorder.StartMeasuring();
            context.Phase = "measuring";
            await Task.Delay(options.Duration, cancellationToken);
            context.Recorder.StopMeasuring();
            context.Phase = "draining";
        }, cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, users).Select(user => Task.Run(async () =>
        {
            var random = new Random(user);
            while (Stopwatch.GetElapsedTime(started) < end && !cancellationToken.IsCancellationRequested)
                await iteration(user, random, orders, cancellationToken);
        }, cancellationToken)));
        await clock;
        var measuredFrom = context.Recorder.MeasuredFrom ?? started;
        var measuredOrders = orders.Where(o => o.PostAnsweredAt >= measuredFrom).ToList();
        return (options.Duration, measuredOrders);
    }
}
