using EShop.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>How often a probe storm reaches the dependency behind a cached readiness check.</summary>
public sealed class CachedHealthCheckTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_probe_storm_shares_one_check_and_reuses_a_healthy_answer_for_five_seconds()
    {
        var dependency = new CountingCheck(HealthCheckResult.Healthy("up"));
        var cached = new CachedHealthCheck(dependency, _time);

        var storm = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => cached.CheckHealthAsync(Context(cached))));
        _time.Advance(TimeSpan.FromSeconds(4.9));
        var later = await cached.CheckHealthAsync(Context(cached));

        Assert.All(storm, result => Assert.Equal(HealthStatus.Healthy, result.Status));
        Assert.Equal(HealthStatus.Healthy, later.Status);
        Assert.Equal(1, dependency.Calls);
    }

    [Fact]
    public async Task A_failure_is_kept_one_second_so_a_recovery_shows_at_the_next_probe()
    {
        var dependency = new CountingCheck(HealthCheckResult.Unhealthy("down"));
        var cached = new CachedHealthCheck(dependency, _time);

        var first = await cached.CheckHealthAsync(Context(cached));
        var soonAfter = await cached.CheckHealthAsync(Context(cached));
        dependency.Answer = HealthCheckResult.Healthy("up");
        _time.Advance(TimeSpan.FromSeconds(1));
        var recovered = await cached.CheckHealthAsync(Context(cached));

        Assert.Equal(HealthStatus.Unhealthy, first.Status);
        Assert.Equal(HealthStatus.Unhealthy, soonAfter.Status);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
        Assert.Equal(2, dependency.Calls);
    }

    [Fact]
    public async Task A_check_that_throws_reports_unhealthy()
    {
        var cached = new CachedHealthCheck(new ThrowingCheck(), _time);

        var result = await cached.CheckHealthAsync(Context(cached));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.IsType<TimeoutException>(result.Exception);
    }

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("dependency", check, HealthStatus.Unhealthy, [HealthTags.Ready]) };

    private sealed class CountingCheck(HealthCheckResult answer) : IHealthCheck
    {
        private int _calls;

        public HealthCheckResult Answer { get; set; } = answer;

        public int Calls => _calls;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(50, CancellationToken.None);  // long enough for the storm's probes to find it in flight
            return Answer;
        }
    }

    private sealed class ThrowingCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            throw new TimeoutException("no answer");
    }
}
