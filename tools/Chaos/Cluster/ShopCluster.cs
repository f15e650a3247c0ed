using System.Globalization;
using System.Net;
using EShop.Chaos.Network;
using EShop.Chaos.Stripe;

namespace EShop.Chaos.Cluster;

/// <summary>
/// The shop as separate processes on this machine, as docker/local-cluster.sh runs it, except that each silo lives in a
/// network namespace of its own (so that it can be cut off) and Stripe is the run's stand-in: PostgreSQL, the Kafka
/// mock, <see cref="RunOptions.Silos"/> silo processes and the Api in Client mode. Every fault the schedule applies is
/// a method here.
/// </summary>
internal sealed class ShopCluster : IAsyncDisposable
{
    private const int SiloPort = 11111;
    private const int GatewayPort = 30000;
    private const int SiloHttpPort = 8080;

    private readonly RunOptions _options;
    private readonly string _work;
    private readonly Action<string> _say;
    private readonly ManagedProcess?[] _silos;
    private readonly int[] _incarnations;
    private NetworkLab? _lab;
    private ChaosPostgres? _postgres;
    private ManagedProcess? _kafka;
    private ManagedProcess? _api;
    private StripeStandIn? _stripe;
    private string _bootstrap = "";
    private readonly TaskCompletionSource<string> _bootstrapLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string>? _kafkaAck;

    private ShopCluster(RunOptions options, string work, Action<string> say)
    {
        _options = options;
        _work = work;
        _say = say;
        _silos = new ManagedProcess?[options.Silos + 1];
        _incarnations = new int[options.Silos + 1];
    }

    public Uri ApiUrl { get; private set; } = null!;

    public StripeStandIn Stripe => _stripe!;

    public ChaosPostgres Postgres => _postgres!;

    public string Bootstrap => _bootstrap;

    public string ConnectionString => _postgres!.ConnectionString("127.0.0.1");

    public int SiloCount => _options.Silos;

    public string Work => _work;

    public static async Task<ShopCluster> StartAsync(RunOptions options, string work, Action<string> say, CancellationToken cancellationToken)
    {
        var cluster = new ShopCluster(options, work, say);
        try
        {
            await cluster.StartAllAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public bool SiloRunning(int silo) => _silos[silo] is { HasExited: false };

    public string SiloAddress(int silo) => _lab!.NodeAddress(silo).ToString();

    /// <summary>SIGKILL silo <paramref name="silo"/>.</summary>
    public void KillSilo(int silo)
    {
        _silos[silo]?.Kill();
        _say($"silo{silo} killed");
    }

    /// <summary>
    /// Starts silo <paramref name="silo"/> and waits until it is ready; a start that fails (PostgreSQL stopped, say) is
    /// tried again every 2 s for up to 3 minutes, as an orchestrator restarts a crashing pod.
    /// </summary>
    public async Task StartSiloAsync(int silo, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartSiloOnceAsync(silo, cancellationToken);
                return;
            }
            catch (StartFailedException failure) when (DateTime.UtcNow < deadline)
            {
                _say($"silo{silo}: {failure.Message}; starting it again in 2 s (attempt {attempt + 1})");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    private async Task StartSiloOnceAsync(int silo, CancellationToken cancellationToken)
    {
        var previous = _silos[silo];
        _silos[silo] = null;
        previous?.Dispose();
        _incarnations[silo]++;
        var environment = SharedEnvironment(_lab!.HostAddress.ToString());
        environment["Orleans__AdvertisedIPAddress"] = SiloAddress(silo);
        environment["Orleans__SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture);
        var url = $"http://{SiloAddress(silo)}:{SiloHttpPort}";
        _silos[silo] = ManagedProcess.Start(
            [.. _lab.ExecPrefix(silo), "dotnet", Binary("src/Silo", "EShop.Silo.dll"), "--urls", url],
            environment, Path.Combine(_work, $"silo{silo}.log"));
        _say($"silo{silo} starting (incarnation {_incarnations[silo]}, pid {_silos[silo]!.Id})");
        await WaitReadyAsync($"silo{silo}", new Uri(url), _silos[silo]!, cancellationToken);
        _say($"silo{silo} ready");
    }

    public void Partition(int silo)
    {
        _lab!.Partition(silo);
        _say($"silo{silo} cut off");
    }

    public void Heal(int silo)
    {
        _lab!.Heal(silo);
        _say($"silo{silo} reconnected");
    }

    public Task KafkaDownAsync() => KafkaCommandAsync("down", "brokers down");

    public Task KafkaUpAsync() => KafkaCommandAsync("up", "brokers up");

    public async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        foreach (var silo in _silos)
            silo?.Dispose();
        _kafka?.Dispose();
        if (_stripe is not null)
            await _stripe.DisposeAsync();
        if (_postgres is not null)
        {
            if (File.Exists(_postgres.LogFile))
                File.Copy(_postgres.LogFile, Path.Combine(_work, "postgres.log"), overwrite: true);
            await _postgres.DisposeAsync();
        }
        _lab?.Dispose();
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        if (!NetworkLab.IsAvailable(out var reason))
            throw new InvalidOperationException($"The chaos run needs network namespaces (run as root): {reason}");
        _lab = NetworkLab.Create(_options.NetworkPrefix, _options.Silos);
        var host = _lab.HostAddress.ToString();
        _say($"network lab up: bridge {host}, silos at {string.Join(", ", Enumerable.Range(1, _options.Silos).Select(SiloAddress))}");

        _postgres = await ChaosPostgres.StartAsync(FreePort(), ["127.0.0.1", host], $"{host}/24");
        _say($"PostgreSQL on 127.0.0.1:{_postgres.Port} and {host}");

        _kafka = ManagedProcess.Start(["dotnet", Binary("tools/KafkaMock", "EShop.KafkaMock.dll")], new Dictionary<string, string>(), Path.Combine(_work, "kafka.log"), redirectInput: true);
        _kafka.Line += OnKafkaLine;
        _bootstrap = (await _bootstrapLine.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken))["bootstrap=".Length..];
        foreach (var broker in _bootstrap.Split(','))
        {
            var port = int.Parse(broker[(broker.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            for (var silo = 1; silo <= _options.Silos; silo++)
                _lab.ForwardLoopback(silo, port);
        }
        _say($"Kafka mock on {_bootstrap}");

        _stripe = await StripeStandIn.StartAsync([IPAddress.Loopback, IPAddress.Parse(host)], FreePort(), cancellationToken);
        _say($"Stripe stand-in on {_stripe.Url(IPAddress.Parse(host))}");

        for (var silo = 1; silo <= _options.Silos; silo++)
            await StartSiloAsync(silo, cancellationToken);

        var apiPort = FreePort();
        ApiUrl = new Uri($"http://127.0.0.1:{apiPort}");
        var api = SharedEnvironment("127.0.0.1");
        api["Orleans__Mode"] = "Client";
        api["RateLimits__Enabled"] = "false";
        _api = ManagedProcess.Start(["dotnet", Binary("src/Api", "EShop.Api.dll"), "--contentRoot", Path.Combine(_options.Repository, "src/Api"), "--urls", ApiUrl.ToString()],
            api, Path.Combine(_work, "api.log"));
        await WaitReadyAsync("api", ApiUrl, _api, cancellationToken);
        _stripe.Webhooks = new StripeWebhookSender(ApiUrl, StripeStandIn.WebhookSecret);
        _say($"Api (Client mode) ready on {ApiUrl}");
    }

    private Dictionary<string, string> SharedEnvironment(string databaseHost) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Orleans__Storage"] = "Postgres",
        ["Orleans__Streams"] = "Kafka",
        ["Orleans__ClusterId"] = "eshop-chaos",
        ["ConnectionStrings__eshop"] = _postgres!.ConnectionString(databaseHost),
        ["Kafka__BootstrapServers"] = _bootstrap,
        ["Postgres__MaxConnections"] = "20",
        ["Payments__Gateway"] = "Stripe",
        ["Payments__Stripe__SecretKey"] = StripeStandIn.SecretKey,
        ["Payments__Stripe__WebhookSecret"] = StripeStandIn.WebhookSecret,
        ["Payments__Stripe__ApiBase"] = _stripe!.Url(_lab!.HostAddress).ToString(),
        ["Payments__GatewayTimeout"] = "00:00:08",
        ["Payments__RetryInterval"] = "00:00:05",
        ["Payments__Stripe__Resilience__TotalTimeout"] = "00:00:07",
        ["Payments__Stripe__Resilience__AttemptTimeout"] = "00:00:03",
        ["Payments__Stripe__Resilience__RetryBaseDelay"] = "00:00:00.200",
        ["Payments__Stripe__Resilience__RetryMaxDelay"] = "00:00:01",
        ["Inventory__ReservationTtl"] = _options.ReservationTtl.ToString("c", CultureInfo.InvariantCulture),
    };

    private string Binary(string project, string dll) => Path.Combine(_options.Repository, project, "bin", _options.Configuration, "net10.0", dll);

    private async Task WaitReadyAsync(string name, Uri baseUrl, ManagedProcess process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new StartFailedException($"{name} exited while starting; see {Path.Combine(_work, name + ".log")}");
            try
            {
                using var answer = await http.GetAsync(new Uri(baseUrl, "/health/ready"), cancellationToken);
                if (answer.IsSuccessStatusCode)
                    return;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not yet.
            }
            await Task.Delay(250, cancellationToken);
        }
        process.Kill();
        throw new StartFailedException($"{name} was not ready within 120 s; see {Path.Combine(_work, name + ".log")}");
    }

    private void OnKafkaLine(string line)
    {
        if (line.StartsWith("bootstrap=", StringComparison.Ordinal))
            _bootstrapLine.TrySetResult(line);
        else if (line.StartsWith("brokers ", StringComparison.Ordinal))
            _kafkaAck?.TrySetResult(line);
    }

    private async Task KafkaCommandAsync(string command, string ack)
    {
        _kafkaAck = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _kafka!.StandardInput.WriteLineAsync(command);
        await _kafka.StandardInput.FlushAsync();
        var answer = await _kafkaAck.Task.WaitAsync(TimeSpan.FromSeconds(10));
        if (answer != ack)
            throw new InvalidOperationException($"The Kafka mock answered '{answer}' to '{command}'.");
        _say($"Kafka {ack}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A process of the cluster that exited while starting or did not become ready.</summary>
internal sealed class StartFailedException(string message) : Exception(message);
