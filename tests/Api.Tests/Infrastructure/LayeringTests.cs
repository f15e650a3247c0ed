using EShop.Api.Hosting;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// The HTTP layer reaches grains and shared input rules only through Grains.Abstractions (docs/architecture.md). Only
/// the composition root, which builds the co-hosted silo or the cluster client, may name src/Grains and src/Silo.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] CompositionRoot =
        ["src/Api/Program.cs", "src/Api/Hosting/", "src/Api/Infrastructure/HealthChecks.cs", "src/Api/Infrastructure/Telemetry.cs"];

    private static readonly Lazy<IReadOnlyList<TypeUse>> Uses = new(() =>
        [.. TypeUses.Of(typeof(OrleansHosting).Assembly).Select(u => u with { File = FromRepository(u.File) })]);

    [Fact]
    public void Api_code_outside_the_composition_root_names_no_grain_or_silo_implementation_type()
    {
        var offending = Uses.Value
            .Where(u => IsImplementation(u.Used) && !InCompositionRoot(u.File))
            .GroupBy(u => $"{u.File} ({u.User})", u => u.Used)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Distinct().Order(StringComparer.Ordinal))}")
            .ToList();

        Assert.True(offending.Count == 0, $"Use EShop.Grains.Abstractions instead of:{Environment.NewLine}{string.Join(Environment.NewLine, offending)}");
    }

    [Fact]
    public void The_check_sees_the_composition_root_reach_into_the_silo()
    {
        // Proves the reading of the compiled Api and its PDB works: an empty answer would pass the rule above.
        Assert.Contains(Uses.Value, u => u.File == "src/Api/Hosting/OrleansHosting.cs" && u.Used.StartsWith("EShop.Silo.", StringComparison.Ordinal));
    }

    private static bool InCompositionRoot(string file) =>
        CompositionRoot.Any(root => file.StartsWith(root, StringComparison.Ordinal));

    private static bool IsImplementation(string type) =>
        type.StartsWith("EShop.Silo.", StringComparison.Ordinal)
        || (type.StartsWith("EShop.Grains.", StringComparison.Ordinal) && !type.StartsWith("EShop.Grains.Abstractions.", StringComparison.Ordinal));

    /// <summary>src/Api/... whatever the checkout's directory; other paths (generated code) stay as they are.</summary>
    private static string FromRepository(string path)
    {
        var normalized = path.Replace('\\', '/');
        var at = normalized.LastIndexOf("src/Api/", StringComparison.Ordinal);
        return at < 0 ? normalized : normalized[at..];
    }
}
