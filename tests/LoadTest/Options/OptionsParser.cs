using System.Globalization;

namespace EShop.LoadTest.Options;

/// <summary>A command line the tool cannot run: the message says what to change (exit code 2).</summary>
public sealed class OptionsException(string message) : Exception(message);

/// <summary>Reads <c>scenario --name value ... --flag</c>; anything unknown or out of range is an <see cref="OptionsException"/>.</summary>
public static class OptionsParser
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "one-address", "dev-customers", "help" };

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        string? scenario = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                options = options with { Help = true };
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (scenario is not null)
                    throw new OptionsException($"Unexpected argument '{arg}': the scenario is already '{scenario}'.");
                scenario = arg;
                continue;
            }

            var name = arg[2..];
            string? inline = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                (name, inline) = (name[..equals], name[(equals + 1)..]);
            if (Flags.Contains(name))
            {
                options = name switch
                {
                    "one-address" => options with { OneAddress = true },
                    "dev-customers" => options with { DevCustomers = true },
                    _ => options with { Help = true },
                };
                continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new OptionsException($"--{name} needs a value."));
            options = Apply(options, name, value, notes);
        }

        return options with { Scenario = ParseScenario(scenario ?? "checkout"), Notes = notes };
    }

    private static LoadOptions Apply(LoadOptions options, string name, string value, Dictionary<string, string> notes) => name switch
    {
        "url" => options with { Url = Url(value) },
        "users" => options with { Users = Count(name, value, 1, 100_000) },
        "seconds" => options with { Duration = Seconds(name, value, minimum: 1) },
        "warmup" => options with { Warmup = Seconds(name, value, minimum: 0) },
        "lines" => options with { Lines = Count(name, value, 1, 50) },
        "buyers" => options with { Buyers = Count(name, value, 1, 1_000_000) },
        "units" => options with { Units = Count(name, value, 0, 1_000_000) },
        "mix" => options with { Mix = Mix(value) },
        "settle-timeout" => options with { SettleTimeout = Seconds(name, value, minimum: 0.1) },
        "request-timeout" => options with { RequestTimeout = Seconds(name, value, minimum: 0.1) },
        "setup-timeout" => options with { SetupTimeout = Seconds(name, value, minimum: 1) },
        "poll-interval" => options with { PollInterval = TimeSpan.FromMilliseconds(Count(name, value, 1, 10_000)) },
        "register-concurrency" => options with { RegisterConcurrency = Count(name, value, 1, 10_000) },
        "payment" => options with { PaymentMethod = value },
        "admin-email" => options with { AdminEmail = value },
        "admin-password" => options with { AdminPassword = value },
        "out" => options with { Out = value },
        "label" => options with { Label = value },
        "note" => AddNote(options, value, notes),
        _ => throw new OptionsException($"Unknown option --{name}. See --help."),
    };

    private static Scenario ParseScenario(string name) =>
        Enum.TryParse<Scenario>(name, ignoreCase: true, out var scenario) && Enum.IsDefined(scenario) && !char.IsDigit(name[0])
            ? scenario
            : throw new OptionsException($"Unknown scenario '{name}': use one of browse, checkout, flash, mixed.");

    private static Uri Url(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new OptionsException($"--url '{value}' is not an http or https address.");

    private static int Count(string name, string value, int minimum, int maximum) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= minimum && n <= maximum
            ? n
            : throw new OptionsException($"--{name} '{value}' must be a whole number from {minimum} to {maximum}.");

    private static TimeSpan Seconds(string name, string value, double minimum) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= minimum && s <= 86_400
            ? TimeSpan.FromSeconds(s)
            : throw new OptionsException($"--{name} '{value}' must be a number of seconds, at least {minimum.ToString(CultureInfo.InvariantCulture)}.");

    private static MixShares Mix(string value)
    {
        var parts = value.Split(['/', ':', ','], StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0))
            throw new OptionsException($"--mix '{value}' must be three percentages browse/cart/checkout, e.g. 80/15/5.");
        var shares = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return shares.Sum() == 100
            ? new MixShares(shares[0], shares[1], shares[2])
            : throw new OptionsException($"--mix '{value}' must add up to 100.");
    }

    private static LoadOptions AddNote(LoadOptions options, string value, Dictionary<string, string> notes)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
            throw new OptionsException($"--note '{value}' must be key=value.");
        notes[value[..equals]] = value[(equals + 1)..];
        return options;
    }
}
