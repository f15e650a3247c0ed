using System.Collections.Concurrent;
using EShop.Chaos.Cluster;
using EShop.Chaos.Stripe;
using Npgsql;

namespace EShop.Chaos.Faults;

/// <summary>One fault as it happened: seconds on the run's clock, what was hit and what was seen.</summary>
internal sealed record FaultRecord(string Kind, string Target, double Start, double End, string Detail);

/// <summary>
/// Applies the profile's faults while the traffic runs, in four lanes that overlap freely: silos (a SIGKILL and a restart
/// a few seconds later, or a network partition longer than the membership's probe timeout; one silo at a time, so two
/// of three stay up to vote), PostgreSQL (an immediate stop and start, or a 10 s SIGSTOP), the Kafka brokers (away and
/// back) and Stripe (a window of hangs, errors or slow answers). A supervisor restarts a silo that exits on its own, as
/// an orchestrator would.
/// </summary>
internal sealed class FaultSchedule(RunOptions options, ShopCluster cluster, Func<double> now, Action<string> say)
{
    private static readonly StripeFault[] StripeModes = [StripeFault.HangAfterCharge, StripeFault.Error, StripeFault.Slow, StripeFault.HangBeforeCharge];
    private readonly ConcurrentQueue<FaultRecord> _records = new();
    private readonly ConcurrentDictionary<int, byte> _handled = new();
    private readonly Random _random = new(options.Seed);
    private readonly TaskCompletionSource _promised = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<FaultRecord> Records => [.. _records.OrderBy(r => r.Start)];

    /// <summary>
    /// Completes once the profile's promised kills and partitions (<see cref="FaultMix.PromisedKills"/>) have been
    /// applied, or when the silo lane has nothing left to apply.
    /// </summary>
    public Task Promised => _promised.Task;

    /// <summary>Runs every lane until <paramref name="stop"/>, then heals whatever is still broken.</summary>
    public async Task RunAsync(double start, CancellationToken stop)
    {
        var mix = options.Faults;
        var lanes = new List<Task> { SuperviseAsync(stop) };
        KeepPromise();
        if (mix.KillEvery > 0 || mix.PartitionEvery > 0)
            lanes.Add(LaneAsync(start, SiloFaults(mix), stop, gap: 8).ContinueWith(_ => _promised.TrySetResult(), TaskScheduler.Default));
        else
            _promised.TrySetResult();
        if (mix.PostgresStopEvery > 0 || mix.PostgresPauseEvery > 0)
            lanes.Add(LaneAsync(start, Alternate(mix.PostgresPauseEvery, PostgresPauseAsync, mix.PostgresStopEvery, PostgresStopAsync, offset: 0.45), stop));
        if (mix.KafkaAwayEvery > 0)
            lanes.Add(LaneAsync(start, Every(mix.KafkaAwayEvery, KafkaAwayAsync, offset: 0.7), stop));
        if (mix.StripeEvery > 0)
            lanes.Add(LaneAsync(start, Every(mix.StripeEvery, StripeWindowAsync, offset: 0.3), stop));
        await Task.WhenAll(lanes);
    }

    private IEnumerable<(double At, Func<Task> Fault)> SiloFaults(FaultMix mix)
    {
        var next = new List<(double At, bool Partition)>();
        for (var t = mix.KillEvery * 0.5; mix.KillEvery > 0 && t < options.Duration.TotalSeconds; t += mix.KillEvery * (0.8 + 0.4 * _random.NextDouble()))
            next.Add((t, false));
        for (var t = mix.PartitionEvery * 0.35; mix.PartitionEvery > 0 && t < options.Duration.TotalSeconds; t += mix.PartitionEvery)
            next.Add((t, true));
        foreach (var (at, partition) in next.OrderBy(n => n.At))
        {
            var silo = _random.Next(1, options.Silos + 1);
            yield return (at, partition ? () => PartitionAsync(silo) : () => KillAsync(silo));
        }
    }

    private IEnumerable<(double At, Func<Task> Fault)> Every(double every, Func<Task> fault, double offset)
    {
        for (var t = every * offset; t < options.Duration.TotalSeconds; t += every)
            yield return (t, fault);
    }

    private IEnumerable<(double At, Func<Task> Fault)> Alternate(double everyA, Func<Task> a, double everyB, Func<Task> b, double offset)
    {
        var all = new List<(double, Func<Task>)>();
        for (var t = everyA * offset; everyA > 0 && t < options.Duration.TotalSeconds; t += everyA)
            all.Add((t, a));
        for (var t = everyB * (offset + 0.4); everyB > 0 && t < options.Duration.TotalSeconds; t += everyB)
            all.Add((t, b));
        return all.OrderBy(x => x.Item1);
    }

    /// <summary>One fault after the other, each at its time or, when the previous one is still going, right after it.</summary>
    private async Task LaneAsync(double start, IEnumerable<(double At, Func<Task> Fault)> faults, CancellationToken stop, double gap = 2)
    {
        var previousEnd = double.MinValue;
        foreach (var (at, fault) in faults.ToList())
        {
            // A late fault still comes, but never sooner than the lane's gap after its previous one was undone.
            var wait = Math.Max(start + at, previousEnd + gap) - now();
            try
            {
                if (wait > 0)
                    await Task.Delay(TimeSpan.FromSeconds(wait), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (stop.IsCancellationRequested)
                return;
            var started = now();
            try
            {
                await fault();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A fault the runner could not apply or undo is part of the record, and the lane goes on.
                Record("runner-error", "runner", started, $"{error.GetType().Name}: {error.Message}");
            }
            previousEnd = now();
        }
    }

    private async Task KillAsync(int silo)
    {
        _handled[silo] = 0;
        try
        {
            var start = now();
            cluster.KillSilo(silo);
            var down = TimeSpan.FromSeconds(3 + 3 * _random.NextDouble());
            await Task.Delay(down);
            await cluster.StartSiloAsync(silo, CancellationToken.None);
            Record("silo-kill", $"silo{silo}", start, $"SIGKILL, restarted after {down.TotalSeconds:0.0} s, ready at {now() - start:0.0} s");
        }
        finally
        {
            _handled.TryRemove(silo, out _);
        }
    }

    private async Task PartitionAsync(int silo)
    {
        _handled[silo] = 0;
        try
        {
            var start = now();
            var address = cluster.SiloAddress(silo);
            cluster.Partition(silo);
            // At least 15 s, well past the probe timeout times the missed-probe limit; longer, up to 45 s, while the
            // survivors cannot yet write the verdict (PostgreSQL stopped or paused by the other lane, say).
            var declaredDeadAt = (double?)null;
            var least = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            var most = DateTime.UtcNow + TimeSpan.FromSeconds(45);
            while (DateTime.UtcNow < least || (declaredDeadAt is null && DateTime.UtcNow < most))
            {
                await Task.Delay(1000);
                if (declaredDeadAt is null && await MembershipStatusAsync(address) == DeadStatus)
                    declaredDeadAt = now() - start;
            }
            var hold = TimeSpan.FromSeconds(now() - start);
            cluster.Heal(silo);
            var healedAt = now();
            var exitedAfter = (double?)null;
            for (var i = 0; i < 60 && exitedAfter is null; i++)
            {
                if (!cluster.SiloRunning(silo))
                    exitedAfter = now() - healedAt;
                else
                    await Task.Delay(500);
            }
            var detail = $"cut off for {hold.TotalSeconds:0} s; declared dead {(declaredDeadAt is { } d ? $"{d:0.0} s after the cut" : "never")}; " +
                (exitedAfter is { } e ? $"stopped itself {e:0.0} s after reconnecting" : "still running 30 s after reconnecting");
            if (!cluster.SiloRunning(silo))
                await cluster.StartSiloAsync(silo, CancellationToken.None);
            Record("partition", $"silo{silo}", start, detail, declaredDead: declaredDeadAt is not null, stopped: exitedAfter is not null);
        }
        finally
        {
            _handled.TryRemove(silo, out _);
        }
    }

    private async Task PostgresStopAsync()
    {
        var start = now();
        await cluster.Postgres.StopImmediateAsync();
        say("PostgreSQL stopped (immediate)");
        await Task.Delay(TimeSpan.FromSeconds(5));
        await cluster.Postgres.StartAsync();
        say("PostgreSQL started");
        Record("postgres-stop", "postgres", start, "pg_ctl stop -m immediate, started again 5 s later (crash recovery)");
    }

    private async Task PostgresPauseAsync()
    {
        var start = now();
        var pause = TimeSpan.FromSeconds(options.Faults.PostgresPauseEvery >= 60 ? 10 : 3 + 7 * _random.NextDouble());
        cluster.Postgres.Pause();
        say("PostgreSQL paused (SIGSTOP)");
        await Task.Delay(pause);
        cluster.Postgres.Resume();
        say("PostgreSQL resumed (SIGCONT)");
        Record("postgres-pause", "postgres", start, $"SIGSTOP to the postmaster and every backend for {pause.TotalSeconds:0.0} s");
    }

    private async Task KafkaAwayAsync()
    {
        var start = now();
        var away = TimeSpan.FromSeconds(options.Faults.KafkaAwayEvery >= 60 ? 15 : 5 + 10 * _random.NextDouble());
        await cluster.KafkaDownAsync();
        await Task.Delay(away);
        await cluster.KafkaUpAsync();
        Record("kafka-away", "kafka", start, $"every mock broker down for {away.TotalSeconds:0.0} s");
    }

    private async Task StripeWindowAsync()
    {
        var start = now();
        var mode = StripeModes[_random.Next(StripeModes.Length)];
        var window = options.Faults.StripeEvery >= 10 ? TimeSpan.FromSeconds(6 + 4 * _random.NextDouble()) : TimeSpan.FromSeconds(1.5 + 2.5 * _random.NextDouble());
        cluster.Stripe.SetFault(mode, TimeSpan.FromSeconds(3));
        say($"Stripe: {mode}");
        await Task.Delay(window);
        cluster.Stripe.SetFault(StripeFault.None);
        say("Stripe: healthy");
        Record("stripe-" + mode.ToString().ToLowerInvariant(), "stripe", start, $"{mode} for {window.TotalSeconds:0.0} s");
    }

    /// <summary>A silo that exited while no fault of ours held it is started again, and recorded.</summary>
    private async Task SuperviseAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            for (var silo = 1; silo <= options.Silos; silo++)
            {
                if (cluster.SiloRunning(silo) || !_handled.TryAdd(silo, 0))
                    continue;
                var start = now();
                try
                {
                    say($"silo{silo} exited on its own; restarting");
                    await cluster.StartSiloAsync(silo, CancellationToken.None);
                    Record("silo-exit", $"silo{silo}", start, "exited with no fault of the runner on it; restarted");
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    Record("runner-error", $"silo{silo}", start, $"restarting it failed: {error.GetType().Name}: {error.Message}");
                }
                finally
                {
                    _handled.TryRemove(silo, out _);
                }
            }
        }
    }

    private const int DeadStatus = 6;

    private async Task<int?> MembershipStatusAsync(string address)
    {
        try
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString + ";Timeout=2;Command Timeout=2");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT status FROM orleansmembershiptable WHERE deploymentid = 'eshop-chaos' AND address = @a ORDER BY generation DESC LIMIT 1", connection);
            command.Parameters.AddWithValue("a", address);
            return await command.ExecuteScalarAsync() is int status ? status : null;
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return null;
        }
    }

    private void Record(string kind, string target, double start, string detail, bool? declaredDead = null, bool? stopped = null)
    {
        var record = new FaultRecord(kind, target, start, now(), detail);
        _records.Enqueue(record);
        if (declaredDead is not null)
            _partitions.Enqueue(new PartitionObservation(target, start, declaredDead.Value, stopped ?? false));
        say($"{kind} {target}: {detail}");
        KeepPromise();
    }

    private void KeepPromise()
    {
        if (_records.Count(r => r.Kind == "silo-kill") >= options.Faults.PromisedKills && _records.Count(r => r.Kind == "partition") >= options.Faults.PromisedPartitions)
            _promised.TrySetResult();
    }

    private readonly ConcurrentQueue<PartitionObservation> _partitions = new();

    public IReadOnlyList<PartitionObservation> Partitions => [.. _partitions];
}

/// <summary>What a partition showed: whether the cluster declared the cut-off silo dead and whether it then stopped.</summary>
internal sealed record PartitionObservation(string Silo, double Start, bool DeclaredDead, bool StoppedItself);
