using System.Net;
using EShop.Grains.Abstractions.Catalog;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// A grain call that found the connection budget exhausted, or a cluster failing over, is answered 503 + Retry-After,
/// logged as a warning.
/// </summary>
[Collection(DatabaseBusyCollection.Name)]
public sealed class DatabaseBusyApiTests(DatabaseBusyApiFactory factory)
{
    [Fact]
    public async Task A_request_that_finds_no_database_connection_is_answered_503_with_Retry_After()
    {
        factory.Exhausted.Enabled = true;
        try
        {
            var response = await factory.CreateClient().GetAsync("/api/products?page=1");

            var problem = await response.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.DoesNotContain("pool", problem.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
            var logged = Assert.Single(factory.Logs.Entries, e => e.EventId.Id == 1002);
            Assert.Equal(LogLevel.Warning, logged.Level);
            Assert.DoesNotContain(factory.Logs.Entries, e => e.Level >= LogLevel.Error && e.EventId.Id == 1001);
        }
        finally
        {
            factory.Exhausted.Enabled = false;
        }
    }

    [Fact]
    public async Task A_request_whose_grain_was_on_a_silo_that_just_died_is_answered_503_with_Retry_After()
    {
        factory.FailingOver.Enabled = true;
        try
        {
            var response = await factory.CreateClient().GetAsync("/api/products?page=1");

            var problem = await response.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
            Assert.DoesNotContain("silo", problem.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
            var logged = Assert.Single(factory.Logs.Entries, e => e.EventId.Id == 1003);
            Assert.Equal(LogLevel.Warning, logged.Level);
            Assert.DoesNotContain(factory.Logs.Entries, e => e.Level >= LogLevel.Error && e.EventId.Id == 1001);
        }
        finally
        {
            factory.FailingOver.Enabled = false;
        }
    }

    [Fact]
    public async Task A_request_that_finds_the_database_down_is_answered_503_with_Retry_After_not_500()
    {
        factory.DatabaseDown.Enabled = true;
        try
        {
            var response = await factory.CreateClient().GetAsync("/api/products?page=1");

            var problem = await response.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.DoesNotContain("Npgsql", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
            var logged = Assert.Single(factory.Logs.Entries, e => e.EventId.Id == 1005);
            Assert.Equal(LogLevel.Warning, logged.Level);
            Assert.DoesNotContain(factory.Logs.Entries, e => e.Level >= LogLevel.Error && e.EventId.Id == 1001);
        }
        finally
        {
            factory.DatabaseDown.Enabled = false;
        }
    }
}

/// <summary>
/// Fails every catalog call from the Api as a grain's storage write does while PostgreSQL is stopped: Orleans wraps
/// Npgsql's failure in an OrleansException that quotes it (what the chaos run's PostgreSQL stop showed, as a 500).
/// </summary>
public sealed class DatabaseDown : IOutgoingGrainCallFilter
{
    private volatile bool _enabled;

    public bool Enabled { get => _enabled; set => _enabled = value; }

    public Task Invoke(IOutgoingGrainCallContext context) =>
        Enabled && context.InterfaceMethod?.DeclaringType == typeof(ICatalogIndexGrain)
            ? throw new OrleansException(
                "Error from storage provider GrainStateStorage.cart during WriteStateAsync for grain cart/usr_1\n\n" +
                "Exc level 0: Npgsql.NpgsqlException: Failed to connect to 10.213.0.1:37541\n   at Npgsql.Internal.NpgsqlConnector.ConnectAsync()")
            : context.Invoke();
}

/// <summary>Fails every catalog call from the Api as Orleans does while the silo holding the grain is dead but not yet declared so.</summary>
public sealed class FailingOver : IOutgoingGrainCallFilter
{
    private volatile bool _enabled;

    public bool Enabled { get => _enabled; set => _enabled = value; }

    public Task Invoke(IOutgoingGrainCallContext context) =>
        Enabled && context.InterfaceMethod?.DeclaringType == typeof(ICatalogIndexGrain)
            ? throw new SiloUnavailableException("Target silo S127.0.0.1:11111:1 is known to be dead")
            : context.Invoke();
}

/// <summary>Fails every catalog call from the Api as Npgsql does when no pooled connection comes free in time.</summary>
public sealed class ExhaustedPool : IOutgoingGrainCallFilter
{
    private volatile bool _enabled;

    public bool Enabled { get => _enabled; set => _enabled = value; }

    public Task Invoke(IOutgoingGrainCallContext context) =>
        Enabled && context.InterfaceMethod?.DeclaringType == typeof(ICatalogIndexGrain)
            ? throw new NpgsqlException(
                "The connection pool has been exhausted, either raise 'Max Pool Size' (currently 5) or 'Timeout' (currently 15 seconds) in your connection string.",
                new TimeoutException())
            : context.Invoke();
}

public sealed class DatabaseBusyApiFactory : ApiFactory
{
    public ExhaustedPool Exhausted { get; } = new();

    public FailingOver FailingOver { get; } = new();

    public DatabaseDown DatabaseDown { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IOutgoingGrainCallFilter>(Exhausted);
            services.AddSingleton<IOutgoingGrainCallFilter>(FailingOver);
            services.AddSingleton<IOutgoingGrainCallFilter>(DatabaseDown);
        });
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseBusyCollection : ICollectionFixture<DatabaseBusyApiFactory>
{
    public const string Name = "database-busy api";
}
