using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EShop.Chaos.Cluster;

/// <summary>
/// One child process of the run (a silo, the Api, the Kafka mock): started with its environment, its output appended to
/// a log file, killed or signalled on demand. Restarting means starting a new one with the same recipe.
/// </summary>
internal sealed partial class ManagedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ManagedProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    private volatile bool _disposed;

    /// <summary>True once the process has ended (or this handle was disposed).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _disposed || _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public StreamWriter StandardInput => _process.StandardInput;

    /// <summary>Raised for each line the process writes, after it is logged.</summary>
    public event Action<string>? Line;

    public static ManagedProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string logFile, bool redirectInput = false)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, log);
        process.OutputDataReceived += (_, e) => managed.Write(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Write(e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"Could not start {command[0]}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!HasExited)
            _process.Kill(entireProcessTree: true);
    }

    /// <summary>SIGTERM, then SIGKILL if it has not gone within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
            return;
        Signal(_process.Id, Signals.Term);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Dispose()
    {
        Kill();
        _disposed = true;
        _process.Dispose();
        lock (_log)
            _log.Dispose();
    }

    /// <summary>Sends a POSIX signal to a process id.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    private void Write(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            if (_log.BaseStream.CanWrite)
                _log.WriteLine(line);
        }
        Line?.Invoke(line);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static class Signals
    {
        public const int Kill = 9;
        public const int Term = 15;
        public const int Cont = 18;
        public const int Stop = 19;
    }
}
