using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace EShop.Chaos.Cluster;

/// <summary>
/// The run's PostgreSQL: a fresh <c>initdb</c> with the stock configuration (fsync on, 100 connections), listening on
/// loopback and on the lab bridge's address so that silos in their network namespaces reach it. It can be stopped the
/// hard way (<c>pg_ctl -m immediate</c>: no checkpoint, crash recovery on the next start) and paused (SIGSTOP to the
/// postmaster and every backend: connections stay open and nothing answers).
/// </summary>
internal sealed class ChaosPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly string _listen;

    private ChaosPostgres(string bin, string root, int port, string listen)
    {
        _bin = bin;
        _root = root;
        Port = port;
        _listen = listen;
    }

    public int Port { get; }

    public bool Paused { get; private set; }

    private string Data => Path.Combine(_root, "data");

    public string ConnectionString(string host, string database = "eshop") =>
        new NpgsqlConnectionStringBuilder { Host = host, Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>
    /// Starts a server in a temporary folder of its own (deleted on dispose) that the postgres user can reach: the run's
    /// output folder may be private to root (a test's temporary folder is 0700).
    /// </summary>
    public static async Task<ChaosPostgres> StartAsync(int port, IReadOnlyList<string> listenAddresses, string? trustedSubnet)
    {
        var root = Directory.CreateTempSubdirectory("eshop-chaos-pg-").FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
            .OrderByDescending(d => decimal.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : -1)
            .Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault() ?? throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql).");
        await Run("chown", ["-R", "postgres:postgres", root], root);
        var server = new ChaosPostgres(bin, root, port, string.Join(',', listenAddresses));
        await server.Pg("initdb", "-D", server.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C");
        if (trustedSubnet is not null)
            await File.AppendAllTextAsync(Path.Combine(server.Data, "pg_hba.conf"), $"host all all {trustedSubnet} trust\n");
        await server.StartAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionString("127.0.0.1", "postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE eshop", connection);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    public Task StartAsync() =>
        Pg("pg_ctl", "-w", "-t", "60", "-D", Data, "-l", LogFile, "-o", $"-p {Port} -k {_root} -c listen_addresses={_listen}", "start");

    /// <summary>An immediate stop: every backend is killed, no shutdown checkpoint; the next start recovers from WAL.</summary>
    public Task StopImmediateAsync() => Pg("pg_ctl", "-w", "-D", Data, "-m", "immediate", "stop");

    public void Pause() => SignalAll(ManagedProcess.Signals.Stop, paused: true);

    public void Resume() => SignalAll(ManagedProcess.Signals.Cont, paused: false);

    /// <summary>The server's log, kept when the server's folder is deleted.</summary>
    public string LogFile => Path.Combine(_root, "postgres.log");

    public async ValueTask DisposeAsync()
    {
        if (Paused)
            Resume();
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await StopImmediateAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        Directory.Delete(_root, recursive: true);
    }

    private void SignalAll(int signal, bool paused)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        ManagedProcess.Signal(postmaster, signal);
        foreach (var child in Children(postmaster))
        {
            try
            {
                ManagedProcess.Signal(child, signal);
            }
            catch (InvalidOperationException)
            {
                // A backend that ended meanwhile.
            }
        }
        Paused = paused;
    }

    private static IEnumerable<int> Children(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(fields[1], CultureInfo.InvariantCulture, out var ppid) && ppid == parent)
                yield return pid;
        }
    }

    private Task Pg(string tool, params string[] arguments) => Run("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments], _root);

    private static async Task Run(string program, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error} {await output}");
    }
}
