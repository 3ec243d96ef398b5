using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Icp.Replica.Execution;

/// <summary>
/// Linux's <c>PAGEMAP_SCAN</c> ioctl (6.7) on <c>/proc/self/pagemap</c>: the kernel reports the runs of pages of a range
/// that fall in the asked categories instead of 8 bytes per page. <see cref="CopyOnWriteMemory"/> asks for private
/// (anonymous) pages, <see cref="WrittenPageTracker"/> for pages written since they were last write-protected.
/// </summary>
internal static class PageMapScan
{
    private const ulong Request = 0xC0606610; // _IOWR('f', 16, struct pm_scan_arg), 96 bytes
    private const int Regions = 256;

    /// <summary><c>PM_SCAN_WP_MATCHING</c>: write-protect the matching pages again in the same call.</summary>
    public const long FlagWpMatching = 1 << 0;

    /// <summary><c>PM_SCAN_CHECK_WPASYNC</c>: fail on a range not registered for asynchronous write protection.</summary>
    public const long FlagCheckWpAsync = 1 << 1;

    /// <summary>Page categories (<c>PAGE_IS_*</c>).</summary>
    public const long Written = 1 << 1, File = 1 << 2, Present = 1 << 3, Swapped = 1 << 4;

    /// <summary>What to ask: flags and the four category masks of <c>struct pm_scan_arg</c>.</summary>
    /// <param name="Flags">PM_SCAN_* flags.</param>
    /// <param name="Inverted">Categories whose bit is inverted before matching.</param>
    /// <param name="Required">Categories a page must all have.</param>
    /// <param name="AnyOf">Categories of which a page must have one (0: no condition).</param>
    /// <param name="Returned">Categories that split the reported runs.</param>
    public readonly record struct Query(long Flags, long Inverted, long Required, long AnyOf, long Returned);

    /// <summary>
    /// Calls <paramref name="run"/> with (offset from <paramref name="memoryBase"/>, length) of each matching run in
    /// [memoryBase, memoryBase + length). False, having reported nothing, when the very first call fails (the kernel
    /// lacks the ioctl or the range is not tracked); a later failure or a call that makes no progress throws.
    /// </summary>
    public static bool TryRun(SafeFileHandle pageMap, nint memoryBase, long length, in Query query, Action<long, long> run)
    {
        // One pair of buffers per thread, on the pinned heap: a scan runs for every message, and allocating (and
        // zeroing) 6 KiB of regions each time was most of a message's allocations. A callback that scans again on the
        // same thread would overwrite them, so it gets buffers of its own.
        var (arg, regions) = t_buffers is { } reused ? reused : (GC.AllocateArray<long>(12, pinned: true), GC.AllocateArray<long>(Regions * 3, pinned: true));
        t_buffers = null;
        nint argAddress = Marshal.UnsafeAddrOfPinnedArrayElement(arg, 0), regionsAddress = Marshal.UnsafeAddrOfPinnedArrayElement(regions, 0);
        bool addedRef = false;
        try
        {
            pageMap.DangerousAddRef(ref addedRef);
            int fd = (int)pageMap.DangerousGetHandle();
            long start = memoryBase, end = memoryBase + length;
            bool first = true;
            while (start < end)
            {
                arg[0] = 96;                 // size
                arg[1] = query.Flags;
                arg[2] = start;
                arg[3] = end;
                arg[4] = 0;                  // walk_end (out)
                arg[5] = regionsAddress;
                arg[6] = Regions;            // vec_len
                arg[7] = 0;                  // max_pages: no limit
                arg[8] = query.Inverted;
                arg[9] = query.Required;
                arg[10] = query.AnyOf;
                arg[11] = query.Returned;
                int found = LinuxCalls.ioctl(fd, Request, argAddress);
                if (found < 0)
                {
                    if (first) return false;
                    throw new IOException($"PAGEMAP_SCAN failed on a canister memory (errno {Marshal.GetLastPInvokeError()})");
                }
                first = false;
                for (int i = 0; i < found; i++)
                    run(regions[3 * i] - memoryBase, regions[3 * i + 1] - regions[3 * i]);
                long walked = arg[4];
                if (walked <= start) throw new IOException("PAGEMAP_SCAN made no progress on a canister memory");
                start = walked;
            }
            return true;
        }
        finally
        {
            if (addedRef) pageMap.DangerousRelease();
            t_buffers = (arg, regions);
        }
    }

    [ThreadStatic]
    private static (long[] Arg, long[] Regions)? t_buffers;
}
