using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EShop.Hosting;

/// <summary>
/// How both hosts end when their settings are refused at start (a default password, a committed key, no payment
/// gateway): one line naming every reason and exit code 1. The operator who left a default in place needs the
/// reasons, not a stack trace through the host's start-up.
/// </summary>
public static class StartupRefusal
{
    public const int ExitCode = 1;

    public const string Prefix = "EShop refuses to start: ";

    /// <summary>Runs the host to its end (exit code 0), or writes the refusal to stderr and returns <see cref="ExitCode"/>.</summary>
    public static async Task<int> RunOrRefuseAsync(this IHost host)
    {
        try
        {
            // Before anything starts (silo, listeners, exporters), so that nothing half-started logs or shuts down.
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync();
            return 0;
        }
        catch (Exception error) when (Reasons(error) is { Count: > 0 } reasons)
        {
            await Console.Error.WriteLineAsync(Message(reasons));
            return ExitCode;
        }
    }

    public static string Message(IEnumerable<string> reasons) => Prefix + string.Join("; ", reasons.Select(r => r.TrimEnd('.', ' '))) + ".";

    /// <summary>The failures of every options validation in <paramref name="error"/>; empty when it is something else.</summary>
    public static IReadOnlyList<string> Reasons(Exception error) => error switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(Reasons)],
        { InnerException: { } inner } => Reasons(inner),
        _ => [],
    };
}
