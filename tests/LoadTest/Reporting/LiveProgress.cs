using System.Diagnostics;
using System.Globalization;
using EShop.LoadTest.Measurement;
using EShop.LoadTest.Scenarios;
using Spectre.Console;

namespace EShop.LoadTest.Reporting;

/// <summary>
/// Progress while the load runs: a live Spectre.Console table on an interactive terminal, one plain line a second
/// when the output is redirected, not a terminal, or CI=true.
/// </summary>
public static class LiveProgress
{
    public static bool IsInteractive(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Shows progress until <paramref name="work"/> ends, and returns its result.</summary>
    public static async Task<T> Show<T>(IAnsiConsole console, ScenarioContext context, Task<T> work)
    {
        var started = Stopwatch.GetTimestamp();
        var last = (Requests: 0L, At: started);
        string Line()
        {
            var now = Stopwatch.GetTimestamp();
            var recorder = context.Recorder;
            var requests = recorder.Requests;
            var rate = (requests - last.Requests) / Math.Max(0.001, Stopwatch.GetElapsedTime(last.At, now).TotalSeconds);
            last = (requests, now);
            return string.Create(CultureInfo.InvariantCulture,
                $"{Stopwatch.GetElapsedTime(started).TotalSeconds,6:F1} s  {context.Phase,-9}  {rate,8:F0} req/s  {requests,8} requests  {recorder.Settled,6} checkouts settled  {recorder.Stuck,4} stuck  {recorder.Errors,5} errors ({recorder.ServerErrors} 5xx)");
        }

        if (!IsInteractive(console))
        {
            while (await Task.WhenAny(work, Task.Delay(1000)) != work)
                console.WriteLine(Line());
            console.WriteLine(Line());
            return await work;
        }

        await console.Live(new Text("starting")).AutoClear(false).StartAsync(async live =>
        {
            while (await Task.WhenAny(work, Task.Delay(500)) != work)
            {
                live.UpdateTarget(Table(context, Line()));
                live.Refresh();
            }

            live.UpdateTarget(Table(context, Line()));
        });
        return await work;
    }

    private static Table Table(ScenarioContext context, string line)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn($"EShop load: {context.Options.ScenarioName}");
        table.AddRow(new Text(line));
        return table;
    }
}
