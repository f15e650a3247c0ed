using EShop.Integration.Tests.Recovery;
using EShop.Tests.Shared;

namespace EShop.Integration.Tests.Hosting;

/// <summary>The published Api as an operator runs it: refused settings end the process, with the reasons in one line.</summary>
public sealed class ProductionStartupProcessTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_production_api_seeding_the_documented_admin_password_exits_with_code_1_and_one_line_saying_why()
    {
        var ports = FreePorts.Take(2);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Orleans__SiloPort"] = $"{ports[0]}",
            ["Orleans__GatewayPort"] = $"{ports[1]}",
            ["Jwt__SigningKey"] = TestSecrets.NewSigningKey(),
            ["Payments__Gateway"] = "Simulated",
            // Seeding on and no Seed__AdminPassword: the README's default password.
            ["Seed__Enabled"] = "true",
        };

        var (exitCode, output) = await ApiProcess.RunToExitAsync("production run", settings, TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);

        Assert.True(exitCode == 1, $"exit code {exitCode}\n{output}");
        var refusal = Assert.Single(output.Split('\n'), line => line.StartsWith("EShop refuses to start: ", StringComparison.Ordinal));
        Assert.Contains("Seed:AdminPassword", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
