using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EShop.Grains;
using EShop.Grains.Abstractions.Events;
using EShop.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using EShop.Benchmarks.EventThroughput;

var mode = args.ElementAtOrDefault(0) ?? "kafka";
var total = int.Parse(args.ElementAtOrDefault(1) ?? "20000", CultureInfo.InvariantCulture);
var streams = int.Parse(args.ElementAtOrDefault(2) ?? "128", CultureInfo.InvariantCulture);
total -= total % streams;

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Seed:Enabled"] = "false",
    // Outside Development (this runs in Production) the simulated gateway must be chosen by name.
    ["Payments:Gateway"] = "Simulated",
    ["Orleans:Streams"] = mode == "kafka" ? "Kafka" : "Memory",
    ["Kafka:BootstrapServers"] = "mock",
    ["Kafka:TopicPrefix"] = $"bench{Environment.ProcessId}.",
});
builder.Services.AddSingleton<Arrivals>();
builder.UseOrleans(silo => silo.UseLocalhostClustering().AddEShopProviders(builder.Configuration, builder.Environment));
using var host = builder.Build();
await host.StartAsync();

var grains = host.Services.GetRequiredService<IGrainFactory>();
var arrivals = host.Services.GetRequiredService<Arrivals>();

// Warm-up: topics, consumer assignment, activations.
arrivals.Expect(streams);
await Task.WhenAll(Enumerable.Range(0, streams).Select(i => grains.GetGrain<IBurstGrain>($"s{i}").Publish(1)));
await arrivals.Wait(TimeSpan.FromMinutes(2), "warm-up");

arrivals.Expect(total);
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, streams).Select(i => grains.GetGrain<IBurstGrain>($"s{i}").Publish(total / streams)));
var published = clock.Elapsed;
await arrivals.Wait(TimeSpan.FromMinutes(5), "run");
var delivered = clock.Elapsed;

var latencies = arrivals.Latencies.Order().ToArray();
var (p50, p99) = (latencies[latencies.Length / 2], latencies[latencies.Length * 99 / 100]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{mode}: {total} events on {streams} streams; accepted in {published.TotalSeconds:0.00} s ({total / published.TotalSeconds:0}/s); delivered in {delivered.TotalSeconds:0.00} s ({total / delivered.TotalSeconds:0} events/s end to end); publish-to-consumer p50 {p50:0.0} ms, p99 {p99:0.0} ms"));
await host.StopAsync();

