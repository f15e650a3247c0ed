using Confluent.Kafka;

// Starts librdkafka's mock cluster (three brokers on 127.0.0.1), prints "bootstrap=<host:port,...>" and keeps it up
// until SIGINT or SIGTERM. Topics auto-create on first use; nothing is kept after exit.
var brokers = args.ElementAtOrDefault(0) ?? "3";
var config = new ProducerConfig();
config.Set("test.mock.num.brokers", brokers);
using var cluster = new ProducerBuilder<Null, Null>(config).SetLogHandler((_, _) => { }).Build();
using var admin = new DependentAdminClientBuilder(cluster.Handle).Build();
var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
Console.WriteLine($"bootstrap={string.Join(",", metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => $"{b.Host}:{b.Port}"))}");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Stopped.
}
