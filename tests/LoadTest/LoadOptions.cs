using System.Globalization;

namespace EShop.LoadTest;

public sealed record LoadOptions(string Mode, string Url, int Users, int Seconds, int Buyers, int Units, string AdminEmail, string AdminPassword, bool OneAddress)
{
    public static LoadOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, $"--{name}");
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "checkout";
        return new LoadOptions(
            mode,
            Value("url", "http://127.0.0.1:5000"),
            Number("users", 64),
            Number("seconds", 20),
            Number("buyers", 2000),
            Number("units", 100),
            Value("admin-email", "admin@eshop.local"),
            Value("admin-password", "Admin123!ChangeMe"),
            args.Contains("--one-address"));
    }
}

public static class Report
{
    public static void Latencies(string what, IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
            return;
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(FormattableString.Invariant($"{what}: n={sorted.Length} p50={At(0.50):F1} ms p99={At(0.99):F1} ms max={sorted[^1]:F1} ms"));
    }
}
