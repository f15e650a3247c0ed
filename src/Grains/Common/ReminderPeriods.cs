using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace EShop.Grains.Common;

/// <summary>
/// Orleans refuses a reminder whose period is below the silo's <c>Orleans:MinimumReminderPeriod</c> (one minute unless
/// configured): the registration throws, and what the reminder was to retry is never retried. The shop's own
/// intervals (a refund's retry, a sweep, an outbox's wake-up) may be shorter, so a reminder is due after the interval
/// and then repeats at the interval or the minimum, whichever is longer. The chaos run found refunds stuck this way
/// with <c>Payments:RetryInterval</c> at 5 s on a silo with the default minimum.
/// </summary>
internal static class ReminderPeriods
{
    public static readonly TimeSpan OrleansDefaultMinimum = TimeSpan.FromMinutes(1);

    public static TimeSpan Period(TimeSpan every, TimeSpan minimum) => every < minimum ? minimum : every;

    /// <summary>Registers (or moves) <paramref name="name"/>: first due after <paramref name="every"/>, then every <see cref="Period"/>.</summary>
    public static Task<IGrainReminder> RegisterOrUpdateReminderEvery(this Grain grain, string name, TimeSpan every)
    {
        var minimum = grain.GrainContext.ActivationServices.GetService<IOptions<ReminderOptions>>()?.Value.MinimumReminderPeriod ?? OrleansDefaultMinimum;
        return grain.RegisterOrUpdateReminder(name, every, Period(every, minimum));
    }
}
