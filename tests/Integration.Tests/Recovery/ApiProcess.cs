using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using EShop.Tests.Shared;

namespace EShop.Integration.Tests.Recovery;

/// <summary>The ports one Api process listens on: HTTP, the co-hosted silo and its gateway. A restart reuses them.</summary>
public sealed record ApiPorts(int Http, int Silo, int Gateway)
{
    public static ApiPorts Free()
    {
        var ports = FreePorts.Take(3);
        return new ApiPorts(ports[0], ports[1], ports[2]);
    }
}

/// <summary>
/// The real Api (EShop.Api.dll, copied next to the test assembly) as a child process co-hosting its silo on
/// PostgreSQL, in Development (demo catalog and admin seeded), or with settings of a test's own to watch it refuse
/// them. Killed with SIGKILL on dispose if still running; its console output is kept for failure messages.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the process wrote to stdout and stderr.</summary>
    public string Output => $"--- {Name} (pid {_process.Id}{(_process.HasExited ? $", exit code {_process.ExitCode}" : "")}) ---\n{string.Join('\n', _output)}";

    /// <summary>
    /// Starts the Api and waits until /health/ready answers 200 (90 s at most). Its simulated payments take
    /// <paramref name="paymentLatency"/> each.
    /// </summary>
    public static Task<ApiProcess> StartAsync(string name, string connectionString, ApiPorts ports, TimeSpan paymentLatency) =>
        StartAsync(name, ports.Http, Settings(connectionString, ports, paymentLatency));

    /// <summary>
    /// Starts the Api on <paramref name="httpPort"/> with exactly <paramref name="settings"/> as its environment
    /// (environment name included) and waits until /health/ready answers 200 there.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(string name, int httpPort, IReadOnlyDictionary<string, string> settings)
    {
        var api = Launch(name, httpPort, settings);
        try
        {
            await api.WaitUntilReadyAsync();
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the Api with only <paramref name="settings"/> as its environment variables (over the test process's
    /// own) and waits for it to end by itself: for start-ups that must be refused. Killed after <paramref name="deadline"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(
        string name, IReadOnlyDictionary<string, string> settings, TimeSpan deadline, CancellationToken cancellationToken)
    {
        await using var api = Launch(name, FreePorts.Take(1)[0], settings);
        try
        {
            // Also waits for the end of stdout and stderr, so that Output is complete.
            await api._process.WaitForExitAsync(cancellationToken).WaitAsync(deadline, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{name} still ran after {deadline.TotalSeconds:0} s.\n{api.Output}");
        }

        return (api._process.ExitCode, string.Join('\n', api._output));
    }

    private static ApiProcess Launch(string name, int httpPort, IReadOnlyDictionary<string, string> settings)
    {
        var contentRoot = Repository.PathOf("src/Api");
        var url = $"http://127.0.0.1:{httpPort}";
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "EShop.Api.dll"), "--contentRoot", contentRoot, "--urls", url })
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in settings)
            start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var api = new ApiProcess(name, process, new Uri(url));
        process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => api.Keep(e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"Could not start {start.FileName} {string.Join(' ', start.ArgumentList)}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL, the whole process tree: no shutdown hooks, no graceful silo stop.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static Dictionary<string, string> Settings(string connectionString, ApiPorts ports, TimeSpan paymentLatency) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["Orleans__Storage"] = "Postgres",
        ["ConnectionStrings__eshop"] = connectionString,
        ["Orleans__SiloPort"] = $"{ports.Silo}",
        ["Orleans__GatewayPort"] = $"{ports.Gateway}",
        ["Orleans__AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans__MinimumReminderPeriod"] = "00:00:01",
        ["Orders__TickInterval"] = "00:00:01",
        ["Inventory__SweepInterval"] = "00:00:01",
        ["Payments__Simulated__Latency"] = paymentLatency.ToString("c", CultureInfo.InvariantCulture),
        // Every test client is 127.0.0.1: limits far above what the tests do (RateLimitApiTests meet the real ones).
        ["RateLimits__Auth__PermitLimit"] = "1000000",
        ["RateLimits__Checkout__PermitLimit"] = "1000000",
        ["RateLimits__CartWrites__PermitLimit"] = "1000000",
    };

    private async Task WaitUntilReadyAsync()
    {
        using var http = CreateClient();
        http.Timeout = TimeSpan.FromSeconds(5);
        var cancellation = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + ReadyDeadline;
        var last = "no answer yet";
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited before it was ready.\n{Output}");
            try
            {
                using var response = await http.GetAsync("/health/ready", cancellation);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}";
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                last = $"{error.GetType().Name}: {error.Message}";
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Name} was not ready after {ReadyDeadline.TotalSeconds:0} s; last answer: {last}\n{Output}");
            await Task.Delay(200, cancellation);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > KeptLines)
            _output.TryDequeue(out _);
    }
}
