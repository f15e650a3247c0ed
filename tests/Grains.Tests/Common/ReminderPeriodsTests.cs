using EShop.Grains.Common;

namespace EShop.Grains.Tests.Common;

/// <summary>
/// A reminder period below Orleans' minimum makes the registration throw; the shop's short retry and sweep intervals
/// are stretched to the minimum instead (what left refunds unretried in the chaos run).
/// </summary>
public sealed class ReminderPeriodsTests
{
    [Theory]
    [InlineData(5, 60, 60)]
    [InlineData(60, 60, 60)]
    [InlineData(300, 60, 300)]
    [InlineData(1, 1, 1)]
    public void A_period_below_the_minimum_becomes_the_minimum(int everySeconds, int minimumSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ReminderPeriods.Period(TimeSpan.FromSeconds(everySeconds), TimeSpan.FromSeconds(minimumSeconds)));
}
