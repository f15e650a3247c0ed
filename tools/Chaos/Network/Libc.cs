using System.Runtime.InteropServices;

namespace EShop.Chaos.Network;

/// <summary>The few libc calls that move a thread between network namespaces.</summary>
internal static partial class Libc
{
    public const int CloneNewNet = 0x40000000;
    public const int ReadOnly = 0;
    public const int CloseOnExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int namespaceType);
}
