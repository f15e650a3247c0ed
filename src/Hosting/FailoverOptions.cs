using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EShop.Hosting;

/// <summary>
/// How fast a multi-process cluster notices a dead silo and moves on (<c>Orleans:Failover</c>). Orleans' defaults
/// take 7-15 s to declare a SIGKILLed silo dead and up to a minute for a silent one (a partition), and a client keeps a
/// dead gateway for a minute; meanwhile calls to the lost grains fail or hang. These defaults detect a refused
/// connection in about 3 s (6 s just after the silo restarted) and a silent silo in about 9-10 s, while still needing
/// three missed probes in a row and 9 s without any message from a silo before it is voted dead, so a GC pause or a
/// starved thread pool for a second or two evicts no one. docs/operations.md explains the trade-off.
/// </summary>
public sealed class FailoverOptions
{
    public const string Section = "Orleans:Failover";

    /// <summary>A fresh monitor's probe period and timeout; it adapts down to half of this for a silo that answers.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a probe may wait (a starved prober extends up to here); times NumMissedProbesLimit it is also
    /// how long a connection must be silent before votes against its silo count.</summary>
    public TimeSpan MaxProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>Votes that declare a silo dead (Orleans caps it at a majority of the active silos: 1 of 2, 2 of 3).</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo reads the whole membership table (and finds itself declared dead after a partition).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Kept above a PostgreSQL pause of 10 s, so that a paused database leaves every silo's row fresh.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection attempt to a silo or gateway that gets no answer (no RST) fails after this.</summary>
    public TimeSpan OpenConnectionTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a client (the Api in Client mode) re-reads the live gateways; a gateway it found dead is
    /// retried no sooner.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A client's grain call gives up after this (Orleans: 30 s). A call in flight to a silo that dies waits
    /// all of it, so it stays above the slowest healthy call, a database pause included.</summary>
    public TimeSpan ClientResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public static FailoverOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<FailoverOptions>() ?? new FailoverOptions();
        var wrong = options.Problems().ToList();
        return wrong.Count == 0 ? options : throw new OptionsValidationException(Section, typeof(FailoverOptions), wrong);
    }

    public IEnumerable<string> Problems()
    {
        if (ProbeTimeout <= TimeSpan.Zero || OpenConnectionTimeout <= TimeSpan.Zero || GatewayListRefreshPeriod <= TimeSpan.Zero || ClientResponseTimeout <= TimeSpan.Zero)
            yield return $"{Section}: every time must be positive.";
        if (MaxProbeTimeout < ProbeTimeout)
            yield return $"{Section}:MaxProbeTimeout must be at least ProbeTimeout.";
        if (NumMissedProbesLimit < 1 || NumVotesForDeathDeclaration < 1)
            yield return $"{Section}: NumMissedProbesLimit and NumVotesForDeathDeclaration must be at least 1.";
        if (IAmAliveTablePublishTimeout < TimeSpan.FromSeconds(5) || TableRefreshTimeout < TimeSpan.FromSeconds(1))
            yield return $"{Section}: IAmAliveTablePublishTimeout must be at least 5 s and TableRefreshTimeout at least 1 s (the table is PostgreSQL).";
    }

    public void ApplyTo(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = ProbeTimeout;
        membership.MinProbeTimeout = ProbeTimeout / 2;
        membership.MaxProbeTimeout = MaxProbeTimeout;
        membership.NumMissedProbesLimit = NumMissedProbesLimit;
        membership.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        membership.DeathVoteExpirationTimeout = DeathVoteExpirationTimeout;
        membership.TableRefreshTimeout = TableRefreshTimeout;
        membership.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
    }
}
