using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using EShop.Api.Infrastructure;
using EShop.Grains.Abstractions.Catalog;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// A read whose grain calls find the cluster failing over is run again within the budget; a write is not; a grain call
/// that hangs is abandoned after the attempt timeout. The factory's settings are short: a 500 ms attempt, a 2 s budget.
/// </summary>
[Collection(ReadRetryCollection.Name)]
public sealed class ReadRetryApiTests(ReadRetryApiFactory factory) : IDisposable
{
    private const string Product = "/api/products/prd_demo_classic-tee";

    [Fact]
    public async Task A_read_whose_grain_call_is_rejected_twice_is_answered_200_by_the_third_attempt()
    {
        factory.Calls.Fail(nameof(IProductGrain.GetProduct), times: 2);
        using var retryCauses = Collect("eshop.api.read_retries");
        using var retried = Collect("eshop.api.retried_reads");

        var response = await factory.CreateClient().GetAsync(Product);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("prd_demo_classic-tee", (await response.Content.ReadFromJsonAsync<Product>())?.ProductId);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(3, factory.Calls.Made);
        var logged = Logged(response);
        var retries = logged.Where(e => e.EventId.Id == 1004).ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.DoesNotContain(logged, e => e.EventId.Id == 1003);
        Assert.Equal(["cluster_unavailable", "cluster_unavailable"], retryCauses.GetMeasurementSnapshot().Select(m => m.Tags["cause"]));
        Assert.Equal("answered", Assert.Single(retried.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    [Fact]
    public async Task A_read_that_keeps_failing_is_answered_503_with_Retry_After_once_the_budget_is_spent()
    {
        factory.Calls.Fail(nameof(IProductGrain.GetProduct), times: int.MaxValue);
        using var retried = Collect("eshop.api.retried_reads");

        var clock = Stopwatch.StartNew();
        var response = await factory.CreateClient().GetAsync(Product);
        clock.Stop();

        Assert.Equal(TimeSpan.FromSeconds(3), await response.AssertRetryLater(HttpStatusCode.ServiceUnavailable));
        // Pauses of 100, 200, 400, 500, 500 ms (the last ends at 1.7 s), and the next would end past the 2 s budget; on a
        // slow machine the last may already have been too late.
        Assert.InRange(factory.Calls.Made, 5, 6);
        Assert.InRange(clock.Elapsed, ReadRetryApiFactory.RetryBudget - TimeSpan.FromMilliseconds(600), ReadRetryApiFactory.RetryBudget + TimeSpan.FromSeconds(1));
        Assert.Single(Logged(response), e => e.EventId.Id == 1003);
        Assert.Equal("failed", Assert.Single(retried.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    [Fact]
    public async Task A_write_that_fails_once_is_answered_503_without_a_retry()
    {
        var admin = await factory.Admin();
        factory.Calls.Fail(nameof(IProductGrain.Create), times: 1);

        var response = await admin.PostAsJsonAsync("/api/products", new
        {
            name = $"Lamp {Guid.NewGuid():N}",
            description = "A sturdy thing for testing.",
            category = "lighting",
            variants = new[] { new { sku = $"T-{Guid.NewGuid():N}"[..20].ToUpperInvariant(), name = "Lamp", price = new { amount = 1250, currency = "usd" } } },
        });

        await response.AssertRetryLater(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1, factory.Calls.Made);
        Assert.DoesNotContain(Logged(response), e => e.EventId.Id == 1004);
    }

    [Fact]
    public async Task A_read_whose_grain_call_hangs_is_abandoned_after_the_attempt_timeout_and_answered_by_the_next_attempt()
    {
        factory.Calls.Hang(nameof(IProductGrain.GetProduct), times: 1);
        using var retries = Collect("eshop.api.read_retries");

        var clock = Stopwatch.StartNew();
        var response = await factory.CreateClient().GetAsync(Product);
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, factory.Calls.Made);
        // The 500 ms attempt timeout, the 100 ms pause, then a quick answer: nowhere near the client response timeout.
        Assert.InRange(clock.Elapsed, ReadRetryApiFactory.AttemptTimeout, TimeSpan.FromSeconds(3));
        var retry = Assert.Single(Logged(response), e => e.EventId.Id == 1004);
        Assert.Contains("ReadAttemptTimeoutException", retry.Message, StringComparison.Ordinal);
        Assert.Equal("attempt_timeout", Assert.Single(retries.GetMeasurementSnapshot()).Tags["cause"]);
    }

    [Fact]
    public async Task A_read_that_finds_the_database_at_its_connection_budget_is_shed_at_once_not_retried()
    {
        factory.Calls.Exhaust(nameof(IProductGrain.GetProduct), times: 1);

        var response = await factory.CreateClient().GetAsync(Product);

        Assert.Equal(TimeSpan.FromSeconds(2), await response.AssertRetryLater(HttpStatusCode.ServiceUnavailable));
        Assert.Equal(1, factory.Calls.Made);
    }

    [Fact]
    public void An_order_event_stream_and_the_health_probes_are_never_retried()
    {
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var events = Assert.Single(routes, e => e.RoutePattern.RawText == "/api/orders/{orderId}/events");
        Assert.NotNull(events.Metadata.GetMetadata<NoReadRetry>());
        Assert.Single(routes, e => e.RoutePattern.RawText == "/api/orders/{orderId}" && e.Metadata.GetMetadata<NoReadRetry>() is null);
        var probes = routes.Where(e => e.RoutePattern.RawText?.StartsWith("/health/", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, probes.Count);
        Assert.All(probes, e => Assert.NotNull(e.Metadata.GetMetadata<NoReadRetry>()));
    }

    public void Dispose() => factory.Calls.Reset();

    private MetricCollector<long> Collect(string instrument) =>
        new(factory.Services.GetRequiredService<IMeterFactory>(), ReadRetryMetrics.MeterName, instrument);

    private IReadOnlyList<LogEntry> Logged(HttpResponseMessage response) =>
        factory.Logs.InTrace(Assert.Single(response.Headers.GetValues("traceparent")).Split('-')[1], LogLevel.Trace);
}

/// <summary>
/// Like <see cref="FailingOver"/>, but for one chosen method of <see cref="IProductGrain"/> called by the Api (not by a
/// grain), a chosen number of times: it fails the call as Orleans does while the silo holding the grain is dead but
/// not yet declared so, holds it as Orleans holds a call that was in flight to that silo, or fails it as Npgsql does
/// when no pooled connection comes free (<see cref="ExhaustedPool"/>). Counts the Api's calls.
/// </summary>
public sealed class FlakyProductCalls : IOutgoingGrainCallFilter
{
    private readonly Lock _gate = new();
    private string? _method;
    private int _left;
    private Func<IOutgoingGrainCallContext, Task>? _fault;
    private int _made;

    public int Made => Volatile.Read(ref _made);

    public void Fail(string method, int times) => Arm(method, times, static _ => throw new SiloUnavailableException("Target silo S127.0.0.1:11111:1 is known to be dead"));

    public void Hang(string method, int times) => Arm(method, times, HangThenInvoke);

    public void Exhaust(string method, int times) => Arm(method, times, static _ => throw new NpgsqlException(
        "The connection pool has been exhausted, either raise 'Max Pool Size' (currently 5) or 'Timeout' (currently 15 seconds) in your connection string.",
        new TimeoutException()));

    public void Reset() => Arm(null, 0, null);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(IProductGrain) || context.SourceContext is not null)
            return context.Invoke();

        Func<IOutgoingGrainCallContext, Task>? fault;
        lock (_gate)
        {
            if (context.MethodName != _method)
                return context.Invoke();
            Interlocked.Increment(ref _made);
            if (_left == 0)
                return context.Invoke();
            _left = _left == int.MaxValue ? _left : _left - 1;
            fault = _fault;
        }

        return fault is null ? context.Invoke() : fault(context);
    }

    // Longer than the attempt timeout, shorter than a test run.
    private static async Task HangThenInvoke(IOutgoingGrainCallContext context)
    {
        await Task.Delay(TimeSpan.FromSeconds(10));
        await context.Invoke();
    }

    private void Arm(string? method, int times, Func<IOutgoingGrainCallContext, Task>? fault)
    {
        lock (_gate)
            (_method, _left, _fault, _made) = (method, times, fault, 0);
    }
}

public sealed class ReadRetryApiFactory : ApiFactory
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(2);

    public FlakyProductCalls Calls { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Orleans:Failover:Api:AttemptTimeout", AttemptTimeout.ToString());
        builder.UseSetting("Orleans:Failover:Api:RetryBudget", RetryBudget.ToString());
        builder.UseSetting("Orleans:Failover:Api:FirstRetryDelay", "00:00:00.100");
        builder.UseSetting("Orleans:Failover:Api:MaxRetryDelay", "00:00:00.500");
        builder.ConfigureTestServices(services => services.AddSingleton<IOutgoingGrainCallFilter>(Calls));
    }
}

[CollectionDefinition(Name)]
public sealed class ReadRetryCollection : ICollectionFixture<ReadRetryApiFactory>
{
    public const string Name = "read-retry api";
}
