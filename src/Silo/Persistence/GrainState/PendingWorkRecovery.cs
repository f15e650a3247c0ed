using EShop.Grains.Common;
using EShop.Grains.Orders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.Silo.Persistence.GrainState;

/// <summary>
/// Wakes grains whose stored state says they have work to finish (<see cref="IPendingWorkState"/>) and whose state has
/// not been written for a tick (<c>Orders:TickInterval</c>): orders a crashed silo left mid-checkout, and sagas waiting
/// on a slow payment, which need their periodic retry. It replaces a reminder per checkout: the mark is part of the
/// order's own writes, so a checkout that finishes in milliseconds costs no reminder rows at all.
/// </summary>
/// <remarks>
/// Runs on every silo from the moment it is active; waking is idempotent, so two silos waking one order do no harm.
/// </remarks>
public sealed partial class PendingWorkRecovery(
    GrainStateStores stores,
    IGrainFactory grains,
    IOptions<OrderOptions> orders,
    ILogger<PendingWorkRecovery> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int BatchLimit = 500;

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PendingWorkRecovery), ServiceLifecycleStage.Active, Start, Stop);

    public void Dispose() => _stopping.Dispose();

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => Run(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task Run(CancellationToken stopping)
    {
        var tick = orders.Value.TickInterval;
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
                await WakeDue(tick, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: every store's due grains, woken a few at a time.</summary>
    private async Task WakeDue(TimeSpan idleFor, CancellationToken stopping)
    {
        foreach (var store in stores.All)
        {
            IReadOnlyList<GrainStateKey> due;
            try
            {
                due = await store.PendingAsync(idleFor, BatchLimit, stopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogScanFailed(logger, ex);
                continue;
            }

            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = stopping }, async (key, _) =>
            {
                try
                {
                    await grains.GetGrain<IPendingWorkGrain>(key.GrainId).ResumePendingWork();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogWakeFailed(logger, ex, key.ToString());
                }
            });
        }
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Could not scan grain state for pending work; the next tick tries again")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Could not wake {Grain} to resume its pending work; the next tick tries again")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string grain);
}
