using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace EShop.Tests.Shared;

/// <summary>
/// A throwaway PostgreSQL server for one test run: its own data directory under the temp path, a free port on
/// 127.0.0.1, stopped and deleted on dispose. A missing PostgreSQL installation fails the run, never skips it.
/// </summary>
/// <remarks>
/// fsync and friends are off: speed over durability for a test server. Killing the application under test still
/// tests our durability, because PostgreSQL itself keeps running and keeps what it was told.
/// </remarks>
internal sealed partial class PostgresServer : IAsyncDisposable
{
    private const string InstallRoot = "/usr/lib/postgresql";
    private const string DirectoryPrefix = "eshop-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private PostgresServer(string binDirectory, string root, bool asPostgresUser, int port)
    {
        _binDirectory = binDirectory;
        _root = root;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    private string LogFile => Path.Combine(_root, "server.log");

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinDirectory();
        var asPostgresUser = Environment.UserName is "root" or "0";
        await RemoveLeftoversAsync(bin, asPostgresUser);

        var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (asPostgresUser)
            await RunAsync("chown", ["-R", "postgres:postgres", root], root);

        // Another process can take the port between probing and binding; a fresh port is the cure.
        for (var attempt = 1; ; attempt++)
        {
            var server = new PostgresServer(bin, root, asPostgresUser, FreePorts.Take(1)[0]);
            try
            {
                if (attempt == 1)
                    await server.PgAsync("initdb", "-D", server.DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync");
                await server.PgAsync("pg_ctl", "-w", "-t", "50", "-D", server.DataDirectory, "-l", server.LogFile, "-o", server.ServerOptions(), "start");
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.LogTail().Contains("could not bind", StringComparison.Ordinal))
            {
                // Lost the port race: try again on another one.
            }
            catch (Exception error)
            {
                var log = server.LogTail();
                await server.DisposeAsync();
                throw new InvalidOperationException($"PostgreSQL did not start from {bin}: {error.Message}\n--- server log tail ---\n{log}", error);
            }
        }
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = true,
        MaxPoolSize = 50,
    }.ConnectionString;

    public async Task CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a plain lower-case database name.", nameof(name));
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                await PgAsync("pg_ctl", "-w", "-D", DataDirectory, "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>The last lines of the server log, for failure messages.</summary>
    public string LogTail(int lines = 30)
    {
        try
        {
            return File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no server log)";
        }
        catch (IOException error)
        {
            return $"(server log unreadable: {error.Message})";
        }
    }

    private string ServerOptions() =>
        $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
        "-c full_page_writes=off -c max_connections=500";

    private Task PgAsync(string tool, params string[] arguments) => PgAsync(_binDirectory, _asPostgresUser, _root, tool, arguments);

    private static Task PgAsync(string bin, bool asPostgresUser, string workingDirectory, string tool, string[] arguments)
    {
        var program = Path.Combine(bin, tool);
        return asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments], workingDirectory)
            : RunAsync(program, arguments, workingDirectory);
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists(InstallRoot)
            ? Directory.GetDirectories(InstallRoot)
                .Select(dir => (Dir: dir, Version: decimal.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(c => File.Exists(Path.Combine(c.Dir, "bin", "initdb")) && File.Exists(Path.Combine(c.Dir, "bin", "pg_ctl")))
                .OrderByDescending(c => c.Version)
                .ToList()
            : [];
        return candidates.Count > 0
            ? Path.Combine(candidates[0].Dir, "bin")
            : throw new InvalidOperationException(
                $"No PostgreSQL server found: expected {InstallRoot}/<version>/bin/initdb and pg_ctl. " +
                "Install it (Debian: apt-get install postgresql); the tests need a real PostgreSQL and do not skip without one.");
    }

    /// <summary>Stops and deletes servers left behind by test runs that were killed before they could dispose.</summary>
    private static async Task RemoveLeftoversAsync(string bin, bool asPostgresUser)
    {
        if (!Directory.Exists("/proc/self"))
            return; // Cannot tell live owners from dead ones.
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            try
            {
                var owner = Path.Combine(dir, OwnerFile);
                if (!File.Exists(owner) || OwnerIsAlive(File.ReadAllText(owner).Trim()))
                    continue;
                if (File.Exists(Path.Combine(dir, "data", "postmaster.pid")))
                {
                    try
                    {
                        await PgAsync(bin, asPostgresUser, dir, "pg_ctl", ["-w", "-D", Path.Combine(dir, "data"), "-m", "immediate", "stop"]);
                    }
                    catch (InvalidOperationException)
                    {
                        // The server died with its owner; only the files are left.
                    }
                }
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Someone else's leftover or already gone: not this run's business.
            }
        }
    }

    private static bool OwnerIsAlive(string pid)
    {
        if (!int.TryParse(pid, CultureInfo.InvariantCulture, out _))
            return true; // Still being written by a run that is starting.
        try
        {
            // A killed owner can linger as a zombie until it is reaped; it is dead all the same.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be allowed into the caller's working directory.
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
