using EShop.Grains.Events;
using EShop.Grains.Common;

namespace EShop.Grains.Inventory;

/// <summary>
/// The sweep reminder: briskly (<see cref="InventoryOptions.SweepInterval"/>) while anything is reserved, to record
/// lapsed reservations; slowly while only ended holds remain, to forget them after the retention even on a sku that
/// sells nothing more; gone when nothing is left. Changing it costs a reminder write, so calls only ever raise it.
/// </summary>
public sealed partial class InventoryGrain
{
    internal const string SweepReminder = "reservation-sweep";

    // The reminder's period as far as this activation knows: Zero when there is none, null when one was found on
    // activation (its period is not known, so the first call that needs one sets it).
    private TimeSpan? _sweepPeriod;

    private Task? _sweepUpdate;

    private TimeSpan Brisk => options.Value.SweepInterval;

    private TimeSpan Slow => TimeSpan.FromTicks(Math.Max(Brisk.Ticks, options.Value.HoldRetention.Ticks / 4));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EventOutbox.ReminderName)
            Outbox.Publish(_recordedAtStored);
        if (reminderName != SweepReminder)
            return;
        var swept = _level.Sweep(clock.UtcNow, options.Value.HoldRetention);
        if (swept != _level)
            await Change(swept);
        await EnsureSweep(mayLower: true);
    }

    private async Task FindSweep(CancellationToken cancellationToken) =>
        _sweepPeriod = await this.GetReminder(SweepReminder, cancellationToken) is null ? TimeSpan.Zero : null;

    private TimeSpan WantedSweep() =>
        !_level.Holds.IsEmpty ? Brisk : !_level.Ended.IsEmpty ? Slow : TimeSpan.Zero;

    /// <summary>Brings the reminder to what the level needs; only the sweep itself may lower it.</summary>
    private async Task EnsureSweep(bool mayLower = false)
    {
        while (true)
        {
            var wanted = WantedSweep();
            var enough = _sweepPeriod == wanted || (!mayLower && (wanted == TimeSpan.Zero || _sweepPeriod == Brisk));
            if (enough)
                return;
            if (_sweepUpdate is { } running)
            {
                // One reminder change at a time; then look again, the level may have moved on.
                await running;
                continue;
            }

            var update = SetSweep(wanted);
            _sweepUpdate = update.IsCompleted ? null : update;
            await update;
        }
    }

    private async Task SetSweep(TimeSpan period)
    {
        try
        {
            if (period > TimeSpan.Zero)
                await this.RegisterOrUpdateReminderEvery(SweepReminder, period);
            else if (await this.GetReminder(SweepReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            _sweepPeriod = period;
        }
        finally
        {
            _sweepUpdate = null;
        }
    }
}
