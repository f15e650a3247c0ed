using EShop.Api.Infrastructure;

namespace EShop.Api.Tests.Infrastructure;

public sealed class ReadRetryOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_back_off_200_400_800_1600_ms_within_5_s()
    {
        var options = new ReadRetryOptions();

        Assert.True(new ReadRetryOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(3), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RetryBudget);
        Assert.Equal(
            [200, 400, 800, 1600, 1600],
            Enumerable.Range(1, 5).Select(retry => options.DelayBefore(retry).TotalMilliseconds));
    }

    [Fact]
    public void Zero_budget_turns_retries_off_and_is_valid()
    {
        Assert.True(new ReadRetryOptionsValidator().Validate(null, new ReadRetryOptions { RetryBudget = TimeSpan.Zero }).Succeeded);
    }

    [Theory]
    [InlineData("AttemptTimeout", "00:00:00")]
    [InlineData("AttemptTimeout", "00:05:00")]
    [InlineData("RetryBudget", "-00:00:01")]
    [InlineData("RetryBudget", "01:00:00")]
    [InlineData("FirstRetryDelay", "00:00:00")]
    [InlineData("FirstRetryDelay", "00:00:02")]
    [InlineData("MaxRetryDelay", "00:00:06")]
    public void Nonsense_is_refused_naming_the_setting(string setting, string value)
    {
        var options = new ReadRetryOptions();
        typeof(ReadRetryOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = new ReadRetryOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Orleans:Failover:Api:{setting}", result.FailureMessage, StringComparison.Ordinal);
    }
}
