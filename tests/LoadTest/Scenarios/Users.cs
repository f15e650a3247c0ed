using System.Diagnostics;
using EShop.LoadTest.Http;

namespace EShop.LoadTest.Scenarios;

/// <summary>Registering the simulated customers, with progress lines while it takes.</summary>
public static class Users
{
    public static async Task<IReadOnlyList<Customer>> Register(ScenarioContext context, int count, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var step = Math.Max(1, count / 10);
        var customers = await context.Shop.Customers(count, ready =>
        {
            if (ready % step == 0 || ready == count)
                context.Say($"{ready}/{count} users registered and signed in");
        }, cancellationToken);
        context.Say(FormattableString.Invariant($"{count} users ready in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
        return customers;
    }
}
