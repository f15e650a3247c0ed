using System.Diagnostics;
using System.Globalization;
using EShop.Grains.Abstractions.Inventory;
using EShop.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// usage: HotSku <connection string> [seconds=10] [callers=256]
// One silo on the given database; `callers` loops each buy 1 unit of one sku for a new order as the checkout saga
// does (Reserve, then Commit, then Forget once the order has ended), again and again, for `seconds` after a short
// warm-up. Reserve and Commit answer only once their write has committed. Reports durable reservations/s and the
// latency of Reserve, then checks the sku: every unit sold is gone from onHand and nothing stays reserved.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: HotSku <connection string> [seconds=10] [callers=256]");
    return 2;
}

var seconds = int.Parse(args.ElementAtOrDefault(1) ?? "10", CultureInfo.InvariantCulture);
var callers = int.Parse(args.ElementAtOrDefault(2) ?? "256", CultureInfo.InvariantCulture);

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Seed:Enabled"] = "false",
    ["Payments:Gateway"] = "Simulated",
    ["Orleans:Storage"] = "Postgres",
    ["Orleans:Streams"] = "Memory",
    ["ConnectionStrings:eshop"] = args[0],
});
builder.UseOrleans(silo => silo.AddEShopSilo(builder.Configuration, builder.Environment));
using var host = builder.Build();
await host.StartAsync();

var sku = $"hot-{Guid.NewGuid():N}";
var stock = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IInventoryGrain>(sku);
const int OnHand = 10_000_000;
await stock.SetOnHand(OnHand);
var ttl = TimeSpan.FromMinutes(15);

async Task<(int Made, List<double> Latencies)> Run(TimeSpan length)
{
    var stop = Stopwatch.StartNew();
    var loops = await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
    {
        var latencies = new List<double>();
        while (stop.Elapsed < length)
        {
            var start = Stopwatch.GetTimestamp();
            var orderId = $"ord_{Guid.NewGuid():N}";
            var outcome = await stock.Reserve(orderId, 1, ttl);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (outcome != ReservationOutcome.Reserved || (outcome = await stock.Commit(orderId)) != ReservationOutcome.Committed)
                throw new InvalidOperationException($"Answered {outcome} with stock left.");
            await stock.Forget(orderId);
        }

        return latencies;
    }));
    return (loops.Sum(l => l.Count), [.. loops.SelectMany(l => l)]);
}

var (warmed, _) = await Run(TimeSpan.FromSeconds(3));
var clock = Stopwatch.StartNew();
var (made, all) = await Run(TimeSpan.FromSeconds(seconds));
var elapsed = clock.Elapsed.TotalSeconds;
all.Sort();

var level = await stock.GetStock();
var sold = warmed + made;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"hot sku: {made} durable reservations on one sku in {elapsed:0.0} s = {made / elapsed:0} reservations/s with {callers} callers; p50 {all[all.Count / 2]:0.0} ms, p99 {all[all.Count * 99 / 100]:0.0} ms (Reserve); sold {sold}, onHand {level.OnHand} (expected {OnHand - sold}), reserved {level.Reserved} (expected 0)"));
await host.StopAsync();
return level.Reserved == 0 && level.OnHand == OnHand - sold ? 0 : 1;
