using System.Diagnostics;

namespace EShop.Chaos.Network;

/// <summary>Runs iproute2's <c>ip</c> and fails with its own words when it fails.</summary>
internal static class IpCommand
{
    private static readonly string[] WellKnown = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"];

    /// <summary>The <c>ip</c> on PATH, else in the usual sbin folders; null when there is none.</summary>
    public static string? Path { get; } = Locate();

    public static string Run(params string[] arguments)
    {
        var (exitCode, output, error) = Execute(arguments);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"ip {string.Join(' ', arguments)} exited with {exitCode}: {error.Trim()}");
    }

    public static bool TryRun(params string[] arguments) => Execute(arguments).ExitCode == 0;

    private static (int ExitCode, string Output, string Error) Execute(string[] arguments)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("iproute2's ip is not installed."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ip did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.GetAwaiter().GetResult());
    }

    private static string? Locate()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, "ip"));
        return onPath.Concat(WellKnown).FirstOrDefault(File.Exists);
    }
}
