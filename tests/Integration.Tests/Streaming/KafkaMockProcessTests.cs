using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using EShop.Tests.Shared;

namespace EShop.Integration.Tests.Streaming;

/// <summary>
/// tools/KafkaMock as a process, driven through its stdin as the chaos runner drives it: <c>down</c> takes every
/// broker away (a produce fails), <c>up</c> brings them back with the messages they held; a closed stdin changes
/// nothing.
/// </summary>
public sealed class KafkaMockProcessTests : IDisposable
{
    private static readonly TimeSpan LineDeadline = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Process _process;

    public KafkaMockProcessTests()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        start.ArgumentList.Add(KafkaMockDll());
        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                _errors.Enqueue(e.Data);
        };
        Assert.True(_process.Start());
        _process.BeginErrorReadLine();
        _process.StandardInput.AutoFlush = true;
    }

    [Fact(Timeout = 120_000)]
    public async Task Down_takes_every_broker_away_and_up_brings_them_back_with_their_messages()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var bootstrap = await BootstrapAsync(cancellation);
        var topic = $"mock-outage-{Guid.NewGuid():N}";
        var partition = new TopicPartition(topic, 0);
        using var producer = Producer(bootstrap, messageTimeoutMs: 60_000);
        await producer.ProduceAsync(partition, new Message<string, string> { Key = "k", Value = "before" }, cancellation);

        Assert.Equal("brokers down", await CommandAsync("down", cancellation));
        using var impatient = Producer(bootstrap, messageTimeoutMs: 2_000);
        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            impatient.ProduceAsync(partition, new Message<string, string> { Key = "k", Value = "lost" }, cancellation));
        Assert.Equal(Confluent.Kafka.ErrorCode.Local_MsgTimedOut, failure.Error.Code);

        Assert.Equal("unknown command: sideways", await CommandAsync("sideways", cancellation));
        Assert.Equal("brokers up", await CommandAsync("up", cancellation));
        var after = await producer.ProduceAsync(partition, new Message<string, string> { Key = "k", Value = "after" }, cancellation);
        Assert.Equal(PersistenceStatus.Persisted, after.Status);

        var read = await MockKafka.ReadAsync(bootstrap, topic, 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["before", "after"], read.Select(r => Encoding.UTF8.GetString(r.Message.Value)));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_closed_stdin_leaves_the_brokers_up()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var bootstrap = await BootstrapAsync(cancellation);

        _process.StandardInput.Close();

        // The mock says it read the end of its stdin, after which nothing else would stop it: it is still up.
        Assert.Equal("stdin closed", await NextLineAsync(cancellation));
        Assert.False(_process.HasExited, Diagnostics());
        using var producer = Producer(bootstrap, messageTimeoutMs: 10_000);
        var delivered = await producer.ProduceAsync($"mock-eof-{Guid.NewGuid():N}", new Message<string, string> { Key = "k", Value = "v" }, cancellation);
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    /// <summary>The mock built next to this suite's own configuration (the suite references the project).</summary>
    private static string KafkaMockDll()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = output.Parent!.Name;
        return Repository.PathOf($"tools/KafkaMock/bin/{configuration}/{output.Name}/EShop.KafkaMock.dll");
    }

    private static IProducer<string, string> Producer(string bootstrap, int messageTimeoutMs) =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            LingerMs = 0,
            MessageTimeoutMs = messageTimeoutMs,
            ReconnectBackoffMaxMs = 500,
        }).SetLogHandler((_, _) => { }).Build();

    private async Task<string> BootstrapAsync(CancellationToken cancellation)
    {
        var line = await NextLineAsync(cancellation);
        Assert.StartsWith("bootstrap=", line, StringComparison.Ordinal);
        return line["bootstrap=".Length..];
    }

    private async Task<string> CommandAsync(string command, CancellationToken cancellation)
    {
        await _process.StandardInput.WriteLineAsync(command.AsMemory(), cancellation);
        return await NextLineAsync(cancellation);
    }

    private async Task<string> NextLineAsync(CancellationToken cancellation)
    {
        try
        {
            return await _process.StandardOutput.ReadLineAsync(cancellation).AsTask().WaitAsync(LineDeadline, cancellation)
                ?? throw new InvalidOperationException($"The Kafka mock closed its stdout.\n{Diagnostics()}");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No line from the Kafka mock within {LineDeadline.TotalSeconds:0} s.\n{Diagnostics()}");
        }
    }

    private string Diagnostics() =>
        $"exited: {_process.HasExited}{(_process.HasExited ? $" ({_process.ExitCode})" : "")}\n{string.Join('\n', _errors)}";
}
