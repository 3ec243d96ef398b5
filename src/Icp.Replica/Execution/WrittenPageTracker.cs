using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Icp.Replica.Execution;

/// <summary>
/// Finds the pages written since the last look through userfaultfd's asynchronous write protection (Linux 6.7): the
/// kernel clears a page's protection bit on the first write without stopping the writer, and <c>PAGEMAP_SCAN</c>
/// returns the unprotected pages and protects them again in the same call. Unlike asking which pages of a private file
/// mapping became anonymous (what <see cref="CopyOnWriteMemory"/> does otherwise), this reads only the page-table
/// entries, never the pages' own descriptors: about ten times faster over a memory of tens of MiB. A page can only be
/// reported too often (e.g. re-read after a drop), never missed: every write to a protected page faults first.
/// </summary>
internal sealed class WrittenPageTracker : IDisposable
{
    private const ulong UffdioApi = 0xC018AA3F;         // _IOWR(0xAA, 0x3F, struct uffdio_api)
    private const ulong UffdioRegister = 0xC020AA00;    // _IOWR(0xAA, 0x00, struct uffdio_register)
    private const long FeatureWpHugetlbfsShmem = 1 << 12, FeatureWpUnpopulated = 1 << 13, FeatureWpAsync = 1 << 15;
    private const long RegisterModeWp = 1 << 1;
    private const int PageSize = 4096;

    private static readonly Lazy<bool> Works = new(Probe);

    private readonly int _fd;
    private readonly SafeFileHandle _pageMap;

    private WrittenPageTracker(int fd, SafeFileHandle pageMap)
    {
        _fd = fd;
        _pageMap = pageMap;
    }

    /// <summary>A tracker with nothing registered yet; null where the kernel does not offer asynchronous write protection.</summary>
    public static WrittenPageTracker? TryCreate(SafeFileHandle pageMap) => Works.Value ? Open(pageMap) : null;

    /// <summary>Starts tracking a mapping and protects all of it (what it holds now counts as not written).</summary>
    public void Register(nint start, long length)
    {
        if (length == 0) return;
        var register = new long[4] { start, length, RegisterModeWp, 0 };
        var pin = GCHandle.Alloc(register, GCHandleType.Pinned);
        try
        {
            if (LinuxCalls.ioctl(_fd, UffdioRegister, pin.AddrOfPinnedObject()) != 0)
                throw new IOException($"cannot track writes to a canister memory (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            pin.Free();
        }
        ForEachWritten(start, length, static (_, _) => { }); // protects every page: the mapping's content is the image
    }

    /// <summary>Calls <paramref name="run"/> with (offset, length) of each run of pages in [start, start + length) written since the last call, and protects them again.</summary>
    public void ForEachWritten(nint start, long length, Action<long, long> run) => Scan(_pageMap, start, length, run);

    /// <summary>
    /// Like <see cref="ForEachWritten"/>, but leaves the pages unprotected, so they count as written until a later
    /// <see cref="ForEachWritten"/>. For a rollback: it writes the reported pages back at once, and doing that while they
    /// are still writable costs no fault per page and no TLB flush; they are then reported (and copied) again by the
    /// next look, which is harmless. A query after a query thus writes its pages without faults.
    /// </summary>
    public void ForEachWrittenUnprotected(nint start, long length, Action<long, long> run) => Scan(_pageMap, start, length, run, ReportQuery);

    private static readonly PageMapScan.Query WrittenQuery =
        new(PageMapScan.FlagWpMatching | PageMapScan.FlagCheckWpAsync, 0, PageMapScan.Written, 0, PageMapScan.Written);

    private static readonly PageMapScan.Query ReportQuery =
        new(PageMapScan.FlagCheckWpAsync, 0, PageMapScan.Written, 0, PageMapScan.Written);

    // Protects what it reports again (with WrittenQuery); a range that is not tracked fails, which here is a bug, not a
    // missing feature.
    private static void Scan(SafeFileHandle pageMap, nint memoryBase, long length, Action<long, long> run, PageMapScan.Query? query = null)
    {
        if (!PageMapScan.TryRun(pageMap, memoryBase, length, query ?? WrittenQuery, run))
            throw new IOException($"PAGEMAP_SCAN failed on a tracked canister memory (errno {Marshal.GetLastPInvokeError()})");
    }

    private static WrittenPageTracker? Open(SafeFileHandle pageMap)
    {
        // User-mode faults only: needs no privilege, and Wasm code and our System API write from user mode.
        int fd = (int)LinuxCalls.syscall(UserfaultfdSyscall, 0x80000 /* O_CLOEXEC */ | 0x800 /* O_NONBLOCK */ | 1 /* UFFD_USER_MODE_ONLY */);
        if (fd < 0) return null;
        var api = new long[3] { 0xAA, FeatureWpAsync | FeatureWpUnpopulated | FeatureWpHugetlbfsShmem, 0 };
        var pin = GCHandle.Alloc(api, GCHandleType.Pinned);
        try
        {
            if (LinuxCalls.ioctl(fd, UffdioApi, pin.AddrOfPinnedObject()) == 0) return new WrittenPageTracker(fd, pageMap);
        }
        finally
        {
            pin.Free();
        }
        _ = LinuxCalls.close(fd);
        return null;
    }

    private static long UserfaultfdSyscall => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 323,
        Architecture.Arm64 => 282,
        _ => -1,
    };

    /// <summary>
    /// Proves on a scratch private file mapping, as the canister memory is mapped, that a write is reported once, that
    /// reading a dropped page back is not a write, and that a write after that is reported again.
    /// </summary>
    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || UserfaultfdSyscall < 0 || Environment.SystemPageSize != PageSize) return false;
        int memfd = -1;
        nint scratch = -1;
        WrittenPageTracker? tracker = null;
        SafeFileHandle? pageMap = null;
        try
        {
            pageMap = File.OpenHandle("/proc/self/pagemap", FileMode.Open, FileAccess.Read);
            memfd = LinuxCalls.memfd_create("icp-replica-probe", 1);
            if (memfd < 0 || LinuxCalls.ftruncate(memfd, 4 * PageSize) != 0) return false;
            scratch = LinuxCalls.mmap(0, 4 * PageSize, 3, 0x02 /* MAP_PRIVATE */, memfd, 0);
            if (scratch == -1) return false;
            tracker = Open(pageMap);
            if (tracker is null) return false;
            _ = Marshal.ReadByte(scratch + 2 * PageSize);
            tracker.Register(scratch, 4 * PageSize);
            Marshal.WriteByte(scratch + PageSize, 1);
            if (Written() is not [(PageSize, PageSize)]) return false;
            if (Written() is not []) return false;
            if (LinuxCalls.madvise(scratch + PageSize, PageSize, 4 /* MADV_DONTNEED */) != 0) return false;
            if (Marshal.ReadByte(scratch + PageSize) != 0 || Written() is not []) return false;
            Marshal.WriteByte(scratch + 3 * PageSize, 1);
            Marshal.WriteByte(scratch + PageSize, 1);
            return Written() is [(PageSize, PageSize), (3 * PageSize, PageSize)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            tracker?.Dispose();
            if (scratch != -1) _ = LinuxCalls.munmap(scratch, 4 * PageSize);
            if (memfd >= 0) _ = LinuxCalls.close(memfd);
            pageMap?.Dispose();
        }

        List<(long, long)> Written()
        {
            var runs = new List<(long, long)>();
            Scan(pageMap!, scratch, 4 * PageSize, (offset, length) => runs.Add((offset, length)));
            return runs;
        }
    }

    /// <summary>Closes the userfaultfd: the kernel stops tracking the ranges registered with it.</summary>
    public void Dispose() => _ = LinuxCalls.close(_fd);
}
