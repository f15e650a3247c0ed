using System.Diagnostics;
using EShop.LoadTest;

// Usage: dotnet run -c Release --project tests/LoadTest -- [checkout|flash] [--url http://127.0.0.1:5000]
//        [--users 64] [--seconds 20] [--buyers 2000] [--units 100] [--one-address]
// Each simulated customer connects from its own loopback address (127.0.1.1, 127.0.1.2, ...; Linux) so that the
// shop's per-address limits see many clients, as in production; --one-address sends everything from the default
// one. checkout mode buys far faster than one person: start the shop with higher per-user limits, e.g.
// --RateLimits:Checkout:PermitLimit=100000 --RateLimits:CartWrites:PermitLimit=100000.
var options = LoadOptions.Parse(args);
using var shop = new ShopClient(options.Url, options.OneAddress);
var admin = await shop.Login(options.AdminEmail, options.AdminPassword);
Console.WriteLine($"target {options.Url}, mode {options.Mode}");

if (options.Mode == "flash")
{
    var sku = await shop.CreateSku(admin, options.Units);
    var buyers = await shop.Customers(options.Buyers);
    Console.WriteLine($"{buyers.Count} buyers ready; sale of {options.Units} units of {sku} starts");
    var clock = Stopwatch.StartNew();
    var outcomes = await Task.WhenAll(buyers.Select(async buyer =>
    {
        await buyer.AddToCart(sku, 1);
        return await buyer.CheckoutAndWait();
    }));
    clock.Stop();
    var stock = await shop.Stock(admin, sku);
    Console.WriteLine($"settled {outcomes.Length} checkouts in {clock.Elapsed.TotalSeconds:F2} s: " +
        $"{outcomes.Count(o => o.Status == "Confirmed")} Confirmed, {outcomes.Count(o => o.Status == "Failed")} Failed");
    Console.WriteLine($"stock after: {stock}");
    Report.Latencies("checkout (POST to settled)", outcomes.Select(o => o.Elapsed));
}
else
{
    var skus = new List<string>();
    for (var i = 0; i < 3; i++)
        skus.Add(await shop.CreateSku(admin, 1_000_000));
    var users = await shop.Customers(options.Users);
    Console.WriteLine($"{users.Count} users ready; three-line checkouts for {options.Seconds} s");
    var until = DateTime.UtcNow.AddSeconds(options.Seconds);
    var clock = Stopwatch.StartNew();
    var results = await Task.WhenAll(users.Select(async user =>
    {
        var mine = new List<Outcome>();
        while (DateTime.UtcNow < until)
        {
            var started = Stopwatch.GetTimestamp();
            foreach (var sku in skus)
                await user.AddToCart(sku, 1);
            var outcome = await user.CheckoutAndWait();
            mine.Add(outcome with { Elapsed = Stopwatch.GetElapsedTime(started) });
        }

        return mine;
    }));
    clock.Stop();
    var all = results.SelectMany(r => r).ToList();
    Console.WriteLine($"{all.Count} checkouts in {clock.Elapsed.TotalSeconds:F1} s = {all.Count / clock.Elapsed.TotalSeconds:F1} checkouts/s; " +
        $"{all.Count(o => o.Status == "Confirmed")} Confirmed");
    Report.Latencies("full checkout (3 cart adds + POST + until Confirmed)", all.Select(o => o.Elapsed));
}
