using EShop.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EShop.Api.Tests.Hosting;

public sealed class FailoverOptionsTests
{
    [Fact]
    public void The_defaults_detect_a_dead_silo_in_seconds_and_still_need_three_missed_probes()
    {
        var membership = new ClusterMembershipOptions();
        FailoverOptions.From(new ConfigurationBuilder().Build()).ApplyTo(membership);

        Assert.Equal(TimeSpan.FromSeconds(2), membership.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), membership.MinProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), membership.MaxProbeTimeout);
        Assert.Equal(3, membership.NumMissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.IAmAliveTablePublishTimeout);
        // Worst case for a SIGKILLed silo that has just restarted: three fresh probe periods, well under Orleans' 15 s.
        Assert.True(membership.NumMissedProbesLimit * membership.ProbeTimeout <= TimeSpan.FromSeconds(6));
    }

    [Fact]
    public void Settings_from_configuration_are_taken_and_impossible_ones_refuse_start_up()
    {
        var tuned = FailoverOptions.From(Configuration(("ProbeTimeout", "00:00:03"), ("MaxProbeTimeout", "00:00:05"), ("GatewayListRefreshPeriod", "00:00:10")));
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)), (tuned.ProbeTimeout, tuned.MaxProbeTimeout, tuned.GatewayListRefreshPeriod));

        var refused = Assert.Throws<OptionsValidationException>(() => FailoverOptions.From(Configuration(("ProbeTimeout", "00:00:04"), ("MaxProbeTimeout", "00:00:03"))));
        Assert.Contains("Orleans:Failover:MaxProbeTimeout must be at least ProbeTimeout.", refused.Failures);
        Assert.Throws<OptionsValidationException>(() => FailoverOptions.From(Configuration(("NumMissedProbesLimit", "0"))));
        Assert.Throws<OptionsValidationException>(() => FailoverOptions.From(Configuration(("IAmAliveTablePublishTimeout", "00:00:01"))));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>($"{FailoverOptions.Section}:{s.Key}", s.Value))).Build();
}
