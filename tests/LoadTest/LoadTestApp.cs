using EShop.LoadTest.Http;
using EShop.LoadTest.Measurement;
using EShop.LoadTest.Options;
using EShop.LoadTest.Reporting;
using EShop.LoadTest.Scenarios;
using Spectre.Console;

namespace EShop.LoadTest;

/// <summary>The tool as a library: parse, set up, load, check, report. Program.Main only calls this.</summary>
public static class LoadTestApp
{
    public const int Passed = 0;
    public const int InvariantFailed = 1;
    public const int BadUsage = 2;
    public const int RunFailed = 3;

    public const string LoadPhaseStarts = "load phase starts";
    public const string LoadPhaseEnds = "load phase ends";

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        LoadOptions options;
        try
        {
            if (args.Length > 0 && args[0] == Annotate.Command)
                return await Annotate.Run(args[1..], console, cancellationToken);
            options = OptionsParser.Parse(args);
        }
        catch (OptionsException e)
        {
            console.WriteLine($"error: {e.Message}");
            console.WriteLine("usage: dotnet run -c Release --project tests/LoadTest -- <browse|checkout|flash|mixed> [options]; --help lists them");
            return BadUsage;
        }

        if (options.Help)
        {
            console.WriteLine(Usage.Text);
            return Passed;
        }

        var startedAt = DateTimeOffset.UtcNow;
        var recorder = new RunRecorder();
        using var shop = new ShopClient(options, recorder);
        var context = new ScenarioContext(options, shop, recorder, console.WriteLine);
        var scenario = IScenario.For(options.Scenario);
        console.WriteLine($"target {options.Url}, scenario {options.ScenarioName}");
        ScenarioResult result;
        try
        {
            using (var setup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                setup.CancelAfter(options.SetupTimeout);
                await shop.LoginAdmin(setup.Token);
                await scenario.Prepare(context, setup.Token);
            }

            using var load = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            load.CancelAfter(options.LoadDeadline);
            // Markers a benchmark script watches for, to read database counters around the load alone.
            console.WriteLine(LoadPhaseStarts);
            result = await LiveProgress.Show(console, context, scenario.Run(context, load.Token));
            console.WriteLine(LoadPhaseEnds);
        }
        catch (SetupException e)
        {
            console.WriteLine($"run failed: {e.Message}");
            return RunFailed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            console.WriteLine("run failed: a deadline passed (--setup-timeout for set-up, warm-up + seconds + --settle-timeout for the load)");
            return RunFailed;
        }

        var report = ReportBuilder.Build(options, startedAt, recorder, result);
        var folder = options.OutputFolder(startedAt);
        await ReportWriter.Write(report, folder, cancellationToken);
        Summary.Print(console, report, folder);
        return report.Passed ? Passed : InvariantFailed;
    }
}
