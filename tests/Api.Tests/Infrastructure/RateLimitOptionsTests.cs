using EShop.Api.Infrastructure;

namespace EShop.Api.Tests.Infrastructure;

public sealed class RateLimitOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new RateLimitOptionsValidator().Validate(null, new RateLimitOptions()).Succeeded);
    }

    [Fact]
    public void A_limit_without_permits_or_with_a_zero_window_is_refused_naming_the_setting()
    {
        var options = new RateLimitOptions
        {
            Auth = new WindowLimit { PermitLimit = 0 },
            CartWrites = new WindowLimit { Window = TimeSpan.Zero },
        };

        var result = new RateLimitOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("PermitLimit", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Window", result.FailureMessage, StringComparison.Ordinal);
    }
}
