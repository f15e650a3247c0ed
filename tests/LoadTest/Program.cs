using Spectre.Console;

namespace EShop.LoadTest;

/// <summary>Usage: dotnet run -c Release --project tests/LoadTest -- --help (and docs/load-testing.md).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return await LoadTestApp.RunAsync(args, AnsiConsole.Console, stop.Token);
    }
}
