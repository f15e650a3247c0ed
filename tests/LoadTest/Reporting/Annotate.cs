using System.Text.Json;
using EShop.LoadTest.Options;
using Spectre.Console;

namespace EShop.LoadTest.Reporting;

/// <summary>
/// <c>annotate --out DIR --note key=value ...</c>: adds notes to a finished run's report and redraws it, for facts
/// known only afterwards (a benchmark script's database connection peak, transactions per checkout).
/// </summary>
public static class Annotate
{
    public const string Command = "annotate";

    public static async Task<int> Run(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var options = OptionsParser.Parse(args);
        if (options.Out is null)
            throw new OptionsException("annotate needs --out, the folder of the report to add notes to.");
        var path = Path.Combine(options.Out, ReportWriter.JsonFile);
        if (!File.Exists(path))
            throw new OptionsException($"annotate: no {path}.");
        var report = JsonSerializer.Deserialize<RunReport>(await File.ReadAllTextAsync(path, cancellationToken), ReportWriter.Json)
            ?? throw new OptionsException($"annotate: {path} is empty.");
        var notes = new Dictionary<string, string>(report.Notes, StringComparer.Ordinal);
        foreach (var (key, value) in options.Notes)
            notes[key] = value;
        await ReportWriter.Write(report with { Notes = notes }, options.Out, cancellationToken);
        console.WriteLine($"{options.Notes.Count} note(s) added to {path}");
        return 0;
    }
}
