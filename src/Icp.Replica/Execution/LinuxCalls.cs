using System.Runtime.InteropServices;

namespace Icp.Replica.Execution;

// DllImport rather than LibraryImport: the generated marshalling needs unsafe code; these take plain values.
#pragma warning disable SYSLIB1054, CA5392, CA2101
/// <summary>The libc calls of copy-on-write memory and write tracking (Linux).</summary>
internal static class LinuxCalls
{
    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    internal static extern int memfd_create([MarshalAs(UnmanagedType.LPUTF8Str)] string name, uint flags);

    [DllImport("libc", SetLastError = true)]
    internal static extern int ftruncate(int fd, long length);

    [DllImport("libc", SetLastError = true)]
    internal static extern nint mmap(nint addr, nuint length, int prot, int flags, int fd, long offset);

    [DllImport("libc", SetLastError = true)]
    internal static extern int munmap(nint addr, nuint length);

    [DllImport("libc", SetLastError = true)]
    internal static extern int madvise(nint addr, nuint length, int advice);

    [DllImport("libc", SetLastError = true)]
    internal static extern nint pwrite(int fd, nint buffer, nuint count, long offset);

    [DllImport("libc", SetLastError = true)]
    internal static extern nint pread(int fd, nint buffer, nuint count, long offset);

    [DllImport("libc", SetLastError = true)]
    internal static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    internal static extern long syscall(long number, int flags);

    [DllImport("libc", SetLastError = true)]
    internal static extern int ioctl(int fd, ulong request, nint argument);
}
#pragma warning restore SYSLIB1054, CA5392, CA2101
