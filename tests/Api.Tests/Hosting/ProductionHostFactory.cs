using System.Globalization;
using EShop.Silo.Hosting;
using EShop.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using EShop.Hosting;

namespace EShop.Api.Tests.Hosting;

/// <summary>The real Api in environment Production, on free ports, with exactly the settings a test gives it.</summary>
public sealed class ProductionHostFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>What a Production Api needs to start: a random signing key and a payment gateway chosen on purpose.</summary>
    public static Dictionary<string, string?> Fit() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Jwt:SigningKey"] = TestSecrets.NewSigningKey(),
        ["Payments:Gateway"] = "Simulated",
    };

    /// <summary>Starts the Api and answers the reasons it refused to start with; fails the test when it started.</summary>
    public static async Task<IReadOnlyList<string>> RefusalOf(IReadOnlyDictionary<string, string?> settings)
    {
        await using var factory = new ProductionHostFactory(settings);
        var error = Assert.ThrowsAny<Exception>(() => factory.Server);
        var reasons = StartupRefusal.Reasons(error);
        Assert.True(reasons.Count > 0, $"The Api failed to start, but not on its settings:\n{error}");
        return reasons;
    }

    /// <summary>
    /// Runs the host's start-up validation where the test sees it: in the process, Program turns its failure into
    /// a line on stderr and exit code 1, which an in-process host has no way to show (the process tests check those).
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = builder.Build();
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            host.Start();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var ports = FreePorts.Take(2);
        builder.UseSetting("Orleans:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:ClusterId", $"production-tests-{Guid.NewGuid():N}");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
    }
}
