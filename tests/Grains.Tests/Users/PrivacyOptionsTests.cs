using EShop.Grains.Privacy;
using EShop.Grains.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Tests.Users;

/// <summary>The retention settings: the defaults, and values a process refuses to start with.</summary>
public sealed class PrivacyOptionsTests
{
    [Fact]
    public void By_default_shipped_addresses_are_kept_ten_years_and_checked_daily()
    {
        using var provider = Services([]).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PrivacyOptions>>().Value;

        Assert.Equal((TimeSpan.FromDays(3653), TimeSpan.FromDays(1)), (options.ShippedAddressRetention, options.PurgeInterval));
    }

    [Theory]
    [InlineData("Privacy:ShippedAddressRetention", "00:00:00")]
    [InlineData("Privacy:ShippedAddressRetention", "-1.00:00:00")]
    [InlineData("Privacy:PurgeInterval", "50.00:00:00")] // past the longest reminder period Orleans takes
    [InlineData("Privacy:PurgeInterval", "00:00:00")]
    public void A_setting_out_of_range_stops_the_process_at_start(string key, string value)
    {
        using var provider = Services(new() { [key] = value }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddUsers(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
