using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace EShop.Chaos.Network;

/// <summary>
/// Runs a short synchronous piece of code inside a named network namespace (<c>/var/run/netns/&lt;name&gt;</c>), on a
/// dedicated thread that enters the namespace with <c>setns</c> and returns to its own before anything else runs on
/// it. Meant for creating sockets there: a socket keeps the namespace it was created in, so it can afterwards be used
/// from any thread with ordinary async code. No pool thread ever enters a namespace.
/// </summary>
public static class NetworkNamespace
{
    private const string ThreadNamespace = "/proc/thread-self/ns/net";

    /// <summary>Runs <paramref name="action"/> inside the namespace and returns its result.</summary>
    /// <remarks>
    /// The action must be synchronous (no awaits); a result that is <see cref="IDisposable"/> is disposed if the thread
    /// cannot return to its own namespace.
    /// </remarks>
    public static T Run<T>(string namespaceName, Func<T> action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        ArgumentNullException.ThrowIfNull(action);
        T? result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunHere(namespaceName, action);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {namespaceName}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    /// <summary>The calling thread's network namespace as the kernel names it, e.g. <c>net:[4026531840]</c>.</summary>
    public static string CurrentThreadNamespace() =>
        new FileInfo(ThreadNamespace).LinkTarget ?? throw new InvalidOperationException($"{ThreadNamespace} is not a link.");

    // On a thread that ends right after: if it cannot get home it must never run anything else, and it does not.
    private static T RunHere<T>(string namespaceName, Func<T> action)
    {
        var home = CurrentThreadNamespace();
        var homeFd = Open(ThreadNamespace);
        try
        {
            var targetFd = Open(Path.Combine("/var/run/netns", namespaceName));
            try
            {
                if (Libc.SetNs(targetFd, Libc.CloneNewNet) != 0)
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into network namespace {namespaceName} failed");
            }
            finally
            {
                Libc.Close(targetFd);
            }

            T result;
            try
            {
                result = action();
            }
            catch
            {
                ReturnHome(homeFd, home, namespaceName);
                throw;
            }

            try
            {
                ReturnHome(homeFd, home, namespaceName);
            }
            catch
            {
                (result as IDisposable)?.Dispose();
                throw;
            }

            return result;
        }
        finally
        {
            Libc.Close(homeFd);
        }
    }

    private static void ReturnHome(int homeFd, string home, string namespaceName)
    {
        if (Libc.SetNs(homeFd, Libc.CloneNewNet) != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns back from network namespace {namespaceName} failed");
        var now = CurrentThreadNamespace();
        if (now != home)
            throw new InvalidOperationException($"After leaving {namespaceName} the thread is in {now}, not back in {home}.");
    }

    private static int Open(string path)
    {
        var fd = Libc.Open(path, Libc.ReadOnly | Libc.CloseOnExec);
        return fd >= 0 ? fd : throw new Win32Exception(Marshal.GetLastPInvokeError(), $"open {path} failed");
    }
}
