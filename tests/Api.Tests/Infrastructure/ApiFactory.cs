using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using EShop.Grains.Abstractions.Common;
using EShop.Tests.Doubles;
using EShop.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>The real Api with its co-hosted silo, on free ports, with the shop's clock under the tests' control.</summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@tests.local";
    public const string AdminPassword = "Admin-Password-1";

    /// <summary>The default management port outside Development (the Prometheus exporters' customary 9464).</summary>
    public const int ManagementPort = 9464;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public static readonly TimeSpan GuestIdleTimeout = TimeSpan.FromHours(1);

    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    /// <summary>Everything the Api and its silo log, for tests that assert a refusal is not logged as an error.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>This Api's <c>Jwt:SigningKey</c>, for tests that sign tokens themselves.</summary>
    public string SigningKey { get; } = TestSecrets.NewSigningKey();

    /// <summary>Holds chosen grain calls of the co-hosted silo open, e.g. to keep an order Pending while a test acts.</summary>
    public CallPauses Pauses { get; } = new();

    /// <summary>Answers that broke the committed OpenAPI document (docs/openapi.json); the run fails on any.</summary>
    public ConcurrentQueue<string> ContractBreaks { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var ports = FreePorts.Take(2);
        builder.UseSetting("Orleans:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:ClusterId", $"api-tests-{Guid.NewGuid():N}");
        builder.UseSetting("Jwt:SigningKey", SigningKey);
        builder.UseSetting("Seed:Enabled", "true");
        builder.UseSetting("Seed:AdminEmail", AdminEmail);
        builder.UseSetting("Seed:AdminPassword", AdminPassword);
        builder.UseSetting("Seed:StockPerSku", "25");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // Testing is not Development: the simulated gateway runs only when chosen by name.
        builder.UseSetting("Payments:Gateway", "Simulated");
        // Every test client comes from the same (absent) address and registers many users: limits far above
        // what the suite does, so that only the dedicated RateLimitedApiFactory meets the real ones.
        builder.UseSetting("RateLimits:Auth:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:Checkout:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:CartWrites:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:PasswordHashing:QueueLimit", "100000");
        builder.UseSetting("RateLimits:GuestCarts:PermitLimit", "1000000");
        // An hour, not a week: a test moves the shared clock past it without ageing everything else by days.
        builder.UseSetting("Carts:GuestIdleTimeout", GuestIdleTimeout.ToString());
        // A second, not 15: a test waits for an order event stream's heartbeat.
        builder.UseSetting("OrderEvents:HeartbeatInterval", HeartbeatInterval.ToString());
        // Seconds, not a minute: a test waits for a renewal to catch up on a change the order grain could not tell.
        builder.UseSetting("OrderEvents:RenewInterval", "00:00:02");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new ShopClock(Time));
            services.AddSingleton<IStartupFilter, TestClientAddress>();
            services.AddSingleton<IStartupFilter>(new ContractCheck(ContractBreaks));
            services.AddSingleton<IOutgoingGrainCallFilter>(Pauses);
        });
    }

    /// <summary>
    /// A client whose requests arrive on <paramref name="localPort"/> (0: the main port) from <paramref name="remoteAddress"/>.
    /// TestServer has no sockets, so the test sets the connection facts that Kestrel would.
    /// </summary>
    public HttpClient Client(int localPort = 0, string? remoteAddress = null, string baseAddress = "http://localhost")
    {
        var handler = Server.CreateHandler(context =>
        {
            context.Connection.LocalPort = localPort;
            if (remoteAddress is not null)
                context.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
        });
        return new HttpClient(handler) { BaseAddress = new Uri(baseAddress) };
    }

    /// <summary>Every answer any test received was the contract's: a break fails the run, naming the route and why.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (!ContractBreaks.IsEmpty)
        {
            var breaks = ContractBreaks.Distinct(StringComparer.Ordinal).ToList();
            throw new InvalidOperationException($"{breaks.Count} kind(s) of answer broke docs/openapi.json:\n{string.Join('\n', breaks.Take(40))}");
        }
    }

    public virtual ValueTask InitializeAsync()
    {
        // Starts the host (and the silo, which seeds before it reports started).
        _ = Server;
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
