using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using EShop.Chaos;
using EShop.Chaos.Checking;
using EShop.Chaos.Cluster;
using EShop.Chaos.Faults;
using EShop.Chaos.Reporting;
using EShop.Chaos.Workload;

// The chaos runner (docs/chaos.md): cluster up, traffic and faults for the profile's duration, faults healed, the
// invariants checked, the report written. Exit code 0 only when every invariant holds.
RunOptions options;
try
{
    options = RunOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

using var abort = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; abort.Cancel(); };
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; abort.Cancel(); });

var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:0.0}] {line}"));

var output = Path.GetFullPath(options.Output);
var work = Path.Combine(output, "logs");
if (Directory.Exists(work))
    Directory.Delete(work, recursive: true);
Directory.CreateDirectory(work);
Say($"chaos run: profile {options.Profile}, seed {options.Seed}, {options.Duration.TotalSeconds:0} s, {options.Users} users, {options.Silos} silos; output {output}");

try
{
    await using var cluster = await ShopCluster.StartAsync(options, work, Say, abort.Token);
    var log = new RequestLog(clock);
    var traffic = new Traffic(options, cluster.ApiUrl, log);
    using var admin = traffic.NewClient();
    var catalog = await traffic.PrepareAsync(admin, abort.Token);
    Say($"catalog: {catalog.Skus.Count} skus with {options.Stock} units, flash sku {catalog.FlashSku} with {options.FlashStock}");

    var startedAt = DateTimeOffset.UtcNow;
    var start = log.Now;
    using var stopTraffic = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);
    using var stopFaults = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);
    var schedule = new FaultSchedule(options, cluster, () => log.Now, Say);
    var running = traffic.RunAsync(catalog, stopTraffic.Token);
    var faults = schedule.RunAsync(start + options.WarmUp.TotalSeconds, stopFaults.Token);
    await StopWhenDueAsync();
    await Task.WhenAll(running, faults);
    var end = log.Now;
    Say($"traffic stopped: {log.Snapshot().Count} requests, {traffic.Accepted.Count} orders accepted; healing");
    abort.Token.ThrowIfCancellationRequested();

    // Every fault lane finishes the fault it is in; whatever is still down is brought back before checking.
    cluster.Stripe.SetFault(EShop.Chaos.Stripe.StripeFault.None);
    for (var silo = 1; silo <= cluster.SiloCount; silo++)
    {
        if (!cluster.SiloRunning(silo))
            await cluster.StartSiloAsync(silo, abort.Token);
    }

    var checker = new Checker(options, cluster.ConnectionString, cluster.Bootstrap, cluster.Stripe, Say);
    using var checkerAdmin = traffic.NewClient();
    await checkerAdmin.LoginAsync(Traffic.AdminEmail, Traffic.AdminPassword, abort.Token);
    var invariants = await checker.CheckAsync(traffic.Users, checkerAdmin, catalog, traffic.Accepted, abort.Token);

    var records = log.Snapshot().Where(r => r.At >= start && r.At < end).ToList();
    var timeline = RunReport.TimelineOf(records, start, end);
    var report = new RunReport(
        options.Profile, options.Seed, startedAt, Math.Round(end - start, 1), options.Silos, options.Users,
        records.Count, records.Count(r => r.ServerError), records.Count == 0 ? 0 : 1 - (double)records.Count(r => r.ServerError) / records.Count,
        records.Where(r => r.ServerError).GroupBy(r => r.Status == 0 ? $"{r.Operation} (no answer)" : $"{r.Operation} {r.Status}").ToDictionary(g => g.Key, g => g.Count()),
        traffic.Outcomes.ToDictionary(), traffic.Accepted.Count, checker.OrdersByStatus, checker.FailureReasons,
        schedule.Records, schedule.Partitions, RunReport.RecoveriesOf(timeline, schedule.Records, start), invariants, timeline,
        Math.Round(checker.SettleSeconds, 1), StripeSummary(cluster.Stripe));
    await report.WriteAsync(output, start);

    foreach (var invariant in invariants)
        Say($"{(invariant.Passed ? "holds   " : "VIOLATED")} {invariant.Name}: {invariant.Detail}{string.Concat(invariant.Counterexamples.Select(x => "\n           " + x))}");
    foreach (var partition in schedule.Partitions)
        Say($"{(partition.DeclaredDead && partition.StoppedItself ? "holds   " : "VIOLATED")} partition of {partition.Silo}: declared dead {partition.DeclaredDead}, stopped itself {partition.StoppedItself}");
    Say($"requests: {report.Requests}, without 5xx: {report.Availability:P2}; faults: {report.Faults.Count}; recoveries after kills (s): {string.Join(", ", report.Recoveries.Select(r => r.Seconds?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"))}");
    Say($"report: {Path.Combine(output, "report.md")}");
    Console.WriteLine(report.Passed ? "chaos: all invariants hold" : "chaos: invariants violated");
    return report.Passed ? 0 : 1;

    // Faults stop 5 s before the traffic, so that the last answers are not cut short. When the silo faults the profile
    // promises ran late, both go on until they have been applied, for at most the overtime.
    async Task StopWhenDueAsync()
    {
        await Task.Delay(options.Duration + options.WarmUp - TimeSpan.FromSeconds(5), abort.Token);
        if (!schedule.Promised.IsCompleted)
        {
            Say($"the promised silo faults ran late; traffic goes on until they are applied (at most {options.Overtime.TotalSeconds:0} s more)");
            await Task.WhenAny(schedule.Promised, Task.Delay(options.Overtime, abort.Token));
        }
        await stopFaults.CancelAsync();
        await Task.Delay(TimeSpan.FromSeconds(5), abort.Token);
        await stopTraffic.CancelAsync();
    }
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    Say("aborted");
    return 130;
}

static string StripeSummary(EShop.Chaos.Stripe.StripeStandIn stripe)
{
    var counts = stripe.Counts;
    var intents = stripe.Intents;
    return string.Create(CultureInfo.InvariantCulture,
        $"{counts.Total} API requests ({string.Join(", ", counts.ByFault.Select(f => $"{f.Value} during {f.Key}"))}; {counts.Replayed} idempotent replays, " +
        $"{counts.IdempotencyConflicts} key conflicts, {counts.RefundsRefused} refunds refused), {intents.Count} PaymentIntents " +
        $"({intents.Count(i => i.Succeeded)} captured), {stripe.Refunds.Count} refunds, webhooks {stripe.Webhooks?.Delivered ?? 0} delivered in {stripe.Webhooks?.Attempts ?? 0} attempts");
}
