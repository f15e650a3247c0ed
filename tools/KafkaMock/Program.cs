using System.Runtime.InteropServices;
using Confluent.Kafka;
using EShop.KafkaMock;

// Starts librdkafka's mock cluster (three brokers on 127.0.0.1), prints "bootstrap=<host:port,...>" and keeps it up
// until SIGINT or SIGTERM. Topics auto-create on first use; nothing is kept after exit.
// Commands on stdin, one a line, each acknowledged by one line: "down" takes every broker away (clients are
// disconnected, new connections refused, the data stays) and prints "brokers down"; "up" brings them back and
// prints "brokers up"; anything else prints "unknown command: <line>". A stdin that is closed or /dev/null changes
// nothing: the mock prints "stdin closed" and keeps running.
var brokers = args.ElementAtOrDefault(0) ?? "3";
var config = new ProducerConfig();
config.Set("test.mock.num.brokers", brokers);
using var cluster = new ProducerBuilder<Null, Null>(config).SetLogHandler((_, _) => { }).Build();
using var admin = new DependentAdminClientBuilder(cluster.Handle).Build();
var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
Console.WriteLine($"bootstrap={string.Join(",", metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => $"{b.Host}:{b.Port}"))}");
Console.Out.Flush();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
var brokerIds = metadata.Brokers.Select(b => b.BrokerId).Order().ToArray();
var gate = new Lock();
var stopped = false;
MockCluster? mockCluster = null;
new Thread(ReadCommands) { IsBackground = true, Name = "stdin commands" }.Start();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Stopped.
}

lock (gate)
    stopped = true;

void ReadCommands()
{
    while (ReadLine() is { } line)
    {
        var command = line.Trim();
        if (command.Length == 0)
            continue;
        lock (gate)
        {
            if (stopped)
                return;
            Console.WriteLine(Run(command));
            Console.Out.Flush();
        }
    }

    lock (gate)
    {
        if (!stopped)
        {
            Console.WriteLine("stdin closed");
            Console.Out.Flush();
        }
    }
}

string Run(string command)
{
    if (command is not ("down" or "up"))
        return $"unknown command: {command}";
    try
    {
        mockCluster ??= MockCluster.Of(cluster);
        return mockCluster.SetBrokers(brokerIds, up: command == "up");
    }
    catch (Exception ex) when (ex is InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
    {
        return $"error: {ex.Message.ReplaceLineEndings(" ")}";
    }
}

static string? ReadLine()
{
    try
    {
        return Console.In.ReadLine();
    }
    catch (IOException)
    {
        return null;
    }
}
