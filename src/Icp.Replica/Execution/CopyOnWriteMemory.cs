using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Icp.Replica.Execution;

/// <summary>
/// Rollback of a Wasm memory that costs in proportion to the pages a message writes, not to the memory's size (Linux).
/// The last checkpoint's image lives in a memfd that is mapped privately (<c>MAP_PRIVATE | MAP_FIXED</c>) over
/// Wasmtime's memory. Where the kernel offers asynchronous write protection (<see cref="WrittenPageTracker"/>), it
/// reports the pages written since the last look: a checkpoint writes those into the memfd, a rollback reads them back
/// from it; a page once written stays the process's own copy. Elsewhere the kernel copies a page the first time code
/// writes it, <c>/proc/self/pagemap</c> tells which pages were copied (anonymous instead of file-backed), and a
/// checkpoint writes those into the memfd and drops the copies, a rollback only drops them. This costs a page-table scan
/// (which grows with the memory's size) plus a fault and a 4 KiB copy per written page; it serves the modules that
/// cannot carry the compiled write barrier of <see cref="BarrierMemory"/> (which needs no page tables at all).
/// </summary>
internal sealed class CopyOnWriteMemory : IMemoryCheckpoint, IDisposable
{
    private const int PageSize = 4096;
    private const long PresentBit = 1L << 63, SwappedBit = 1L << 62, FileBit = 1L << 61;

    private static readonly Lazy<SafeFileHandle?> PageMap = new(OpenPageMap);

    // PAGEMAP_SCAN (Linux 6.7): the kernel returns the runs of pages in given categories instead of 8 bytes per page,
    // several times faster over a memory of tens of MiB. Categories: FILE = 1 << 2, PRESENT = 1 << 3, SWAPPED = 1 << 4.
    // Not file-backed (FILE inverted and required), and present or swapped.
    private static readonly PageMapScan.Query PrivateQuery = new(0, PageMapScan.File, PageMapScan.File,
        PageMapScan.Present | PageMapScan.Swapped, PageMapScan.File | PageMapScan.Present | PageMapScan.Swapped);
    private static bool _scanUnavailable;

    private readonly int _fd;
    private nint _view;       // the memfd mapped shared: the image's pages, copied to and from without a system call
    private long _viewLength; // bytes mapped at _view (may reach past the memfd's end, which is never touched)
    private readonly WrittenPageTracker? _tracker; // the faster way to find written pages, where the kernel has it
    private nint _base;
    private long _length; // bytes of the memory mapped from the memfd
    private bool _clean;  // nothing can have written the memory since the last checkpoint or rollback
    private HashSet<long>? _folded; // pages folded into the image since the last TakeFoldedPages; null: not asked, or lost track
    private bool _foldedKept;        // TakeFoldedPages was called: keep recording

    private readonly Action<long, long> _fold, _revert;
    private long _foldedPages; // pages the current checkpoint copied

    // Pages a checkpoint may leave writable (copied again at every checkpoint until protected): a few times what a small
    // message writes.
    private const long UnprotectedLimit = 32;

    private CopyOnWriteMemory(int fd, WrittenPageTracker? tracker)
    {
        _fd = fd;
        _tracker = tracker;
        _fold = Fold;
        _revert = Revert;
    }

    /// <summary>True when written pages are found by write protection (<see cref="WrittenPageTracker"/>), not by page kind.</summary>
    public bool TracksWrites => _tracker is not null;

    /// <summary>True where the kernel offers what this needs (memfd, private file mappings, readable page flags).</summary>
    public static bool IsSupported => PageMap.Value is not null;

    /// <summary>A new image; null where <see cref="IsSupported"/> is false or the memfd cannot be made.</summary>
    /// <param name="trackWrites">False finds written pages by page kind even where write protection exists (tests use
    /// it to keep the older kernels' way covered).</param>
    public static CopyOnWriteMemory? TryCreate(bool trackWrites = true)
    {
        if (!IsSupported) return null;
        int fd = LinuxCalls.memfd_create("icp-replica-memory", 1 /* MFD_CLOEXEC */);
        return fd < 0 ? null : new CopyOnWriteMemory(fd, trackWrites ? WrittenPageTracker.TryCreate(PageMap.Value!) : null);
    }

    /// <summary>The checkpoint's length in bytes (what a rollback returns to).</summary>
    public long Length => _length;

    /// <summary>
    /// Makes the memory's current content the image a rollback returns to. The first time (and after Wasmtime moved
    /// the memory) this copies it all; afterwards only the pages written since the last checkpoint, plus pages grown.
    /// </summary>
    public void Checkpoint(nint memoryBase, long memoryLength)
    {
        if (_clean && memoryBase == _base && memoryLength == _length) return; // e.g. a query after a query
        _clean = true;
        if (memoryBase != _base || memoryLength < _length)
        {
            _base = memoryBase;
            _length = 0;
            _folded = null; // everything is new: the caller compares all of it
        }
        else
        {
            if (_tracker is null) ForEachDirtyRun(memoryBase, _length, _fold);
            else
            {
                // Written pages are copied while they stay writable: a page a canister writes message after message
                // (its stack, its allocator's state) then costs a 4 KiB copy per checkpoint, not a write fault, a TLB
                // flush and the copy. Once more than UnprotectedLimit pages are left writable they are all protected
                // again (one more scan), so what each checkpoint copies stays bounded.
                _foldedPages = 0;
                _tracker.ForEachWrittenUnprotected(memoryBase, _length, _fold);
                if (_foldedPages > UnprotectedLimit) _tracker.ForEachWritten(memoryBase, _length, static (_, _) => { });
            }
        }
        if (memoryLength > _length)
        {
            // Pages grown since (or all of a memory seen for the first time): into the image, then mapped from it.
            Check(LinuxCalls.ftruncate(_fd, memoryLength), "ftruncate");
            Write(memoryBase + (nint)_length, memoryLength - _length, _length);
            Map(memoryBase, _length, memoryLength - _length);
            _length = memoryLength;
        }
    }

    /// <summary>
    /// Returns the first <see cref="Length"/> bytes of the memory to the last checkpoint: the pages written since are
    /// read back from the image (where writes are tracked) or dropped so that they map the image again. The caller
    /// checks that the memory is still where it was and has not grown.
    /// </summary>
    public void Rollback()
    {
        // Where writes are tracked, the written pages are copied back while still writable and stay unprotected (see
        // WrittenPageTracker.ForEachWrittenUnprotected): the next checkpoint or rollback looks at them again.
        if (_tracker is not null && _length >= PageSize) _tracker.ForEachWrittenUnprotected(_base, _length, _revert);
        else ForEachDirtyRun(_base, _length, _revert);
        _clean = true;
    }

    // A written page into the image. Where writes are tracked the page stays as it is (its next write costs a light
    // fault, not a copy, and a read none): the image and the memory agree on it, and a rollback reads it back.
    // Otherwise it is dropped, because being an anonymous page is what marks it as written.
    private void Fold(long offset, long length)
    {
        _foldedPages += length / PageSize;
        if (_folded is not null)
            for (long page = offset / PageSize; page < (offset + length) / PageSize; page++) _folded.Add(page);
        Write(_base + (nint)offset, length, offset);
        if (_tracker is null) Check(LinuxCalls.madvise(_base + (nint)offset, (nuint)length, 4 /* MADV_DONTNEED */), "madvise");
    }

    private void Revert(long offset, long length)
    {
        if (_tracker is not null) Read(_base + (nint)offset, length, offset);
        else Check(LinuxCalls.madvise(_base + (nint)offset, (nuint)length, 4 /* MADV_DONTNEED */), "madvise");
    }

    /// <summary>
    /// The pages folded into the image since the last call (a superset of the pages whose content changed), for the
    /// state journal; null the first time and whenever the record was lost (the caller then compares everything).
    /// Pages past the length at the last call are not included: the caller compares any growth itself.
    /// </summary>
    public IReadOnlyCollection<long>? TakeFoldedPages()
    {
        var folded = _foldedKept ? _folded : null;
        _foldedKept = true;
        _folded = [];
        return folded;
    }

    /// <summary>Tells that code may write the memory (a message runs, or memory is loaded): the next checkpoint must look.</summary>
    public void Touch() => _clean = false;

    /// <summary>Maps the checkpoint's image over another memory of at least <see cref="Length"/> bytes (an instance rebuilt after a rollback).</summary>
    /// <summary>Copies the checkpoint's image out.</summary>
    public byte[] ReadImage()
    {
        var image = GC.AllocateUninitializedArray<byte>(checked((int)_length));
        var handle = GCHandle.Alloc(image, GCHandleType.Pinned);
        try
        {
            Read(handle.AddrOfPinnedObject(), _length, 0);
        }
        finally
        {
            handle.Free();
        }
        return image;
    }

    /// <summary>Calls <paramref name="run"/> with (offset, length) of each run of pages in [0, length) written since they were mapped.</summary>
    private void ForEachDirtyRun(nint memoryBase, long length, Action<long, long> run)
    {
        long pages = length / PageSize;
        if (pages == 0) return;
        if (_tracker is not null)
        {
            _tracker.ForEachWritten(memoryBase, length, run);
            return;
        }
        var handle = PageMap.Value!;
        if (!_scanUnavailable && TryScan(handle, memoryBase, length, run)) return;
        const int Batch = 4096;
        var entries = new long[Math.Min(pages, Batch)];
        var bytes = MemoryMarshal.AsBytes(entries.AsSpan());
        long runStart = -1;
        for (long first = 0; first < pages; first += Batch)
        {
            int count = (int)Math.Min(Batch, pages - first);
            long fileOffset = ((long)memoryBase / PageSize + first) * sizeof(long);
            int read = RandomAccess.Read(handle, bytes[..(count * sizeof(long))], fileOffset);
            if (read != count * sizeof(long)) throw new IOException("short read from /proc/self/pagemap");
            for (int i = 0; i < count; i++)
            {
                long entry = entries[i];
                bool dirty = (entry & SwappedBit) != 0 || ((entry & PresentBit) != 0 && (entry & FileBit) == 0);
                long page = first + i;
                if (dirty && runStart < 0) runStart = page;
                else if (!dirty && runStart >= 0)
                {
                    run(runStart * PageSize, (page - runStart) * PageSize);
                    runStart = -1;
                }
            }
        }
        if (runStart >= 0) run(runStart * PageSize, (pages - runStart) * PageSize);
    }

    /// <summary>
    /// The runs of written pages through PAGEMAP_SCAN: anonymous (not file-backed) and present, or swapped out. False,
    /// having reported nothing, when the kernel does not offer the call.
    /// </summary>
    private static bool TryScan(SafeFileHandle handle, nint memoryBase, long length, Action<long, long> run)
    {
        if (PageMapScan.TryRun(handle, memoryBase, length, PrivateQuery, run)) return true;
        _scanUnavailable = true;
        return false;
    }

    // Through the shared view rather than pread/pwrite: a message writes a few runs of pages, and a system call per run
    // (with its page-cache lookup) cost more than the copy. A page of the view is mapped once, then stays mapped.
    private void Read(nint destination, long length, long offset)
    {
        if (length == 0) return;
        PageCopy.Copy(View(offset + length) + (nint)offset, destination, length);
    }

    private void Write(nint source, long length, long offset)
    {
        if (length == 0) return;
        PageCopy.Copy(source, View(offset + length) + (nint)offset, length);
    }

    /// <summary>The shared view's base, remapped larger when <paramref name="end"/> lies past it (the memfd is at least that long).</summary>
    private nint View(long end)
    {
        if (end <= _viewLength) return _view;
        if (_view != 0) _ = LinuxCalls.munmap(_view, (nuint)_viewLength);
        _view = 0;
        _viewLength = 0;
        // Room to grow: twice what is needed, at least 64 MiB (address space only).
        long length = Math.Max(end * 2, 64L << 20);
        nint view = LinuxCalls.mmap(0, (nuint)length, 3 /* PROT_READ | PROT_WRITE */, 0x01 /* MAP_SHARED */, _fd, 0);
        if (view == -1) throw new IOException($"cannot map the memory image (errno {Marshal.GetLastPInvokeError()})");
        _view = view;
        _viewLength = length;
        return view;
    }

    private void Map(nint memoryBase, long offset, long length)
    {
        if (length == 0) return;
        nint at = memoryBase + (nint)offset;
        nint mapped = LinuxCalls.mmap(at, (nuint)length, 3 /* PROT_READ | PROT_WRITE */, 0x12 /* MAP_PRIVATE | MAP_FIXED */, _fd, offset);
        if (mapped != at) throw new IOException($"cannot map the memory image (errno {Marshal.GetLastPInvokeError()})");
        _tracker?.Register(at, length);
    }

    private static void Check(int result, string call)
    {
        if (result != 0) throw new IOException($"{call} failed on a canister memory (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>
    /// Opens the page flags and proves on a scratch mapping that they tell written pages apart (some kernels and
    /// sandboxes hide them); null when they do not.
    /// </summary>
    private static SafeFileHandle? OpenPageMap()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || Environment.SystemPageSize != PageSize) return null;
        SafeFileHandle? handle = null;
        int fd = -1;
        nint scratch = -1;
        try
        {
            handle = File.OpenHandle("/proc/self/pagemap", FileMode.Open, FileAccess.Read);
            fd = LinuxCalls.memfd_create("icp-replica-probe", 1);
            if (fd < 0 || LinuxCalls.ftruncate(fd, 2 * PageSize) != 0) return Fail();
            scratch = LinuxCalls.mmap(0, 2 * PageSize, 3, 0x02 /* MAP_PRIVATE */, fd, 0);
            if (scratch == -1) return Fail();
            Marshal.WriteByte(scratch, 1);            // page 0 written: copied
            _ = Marshal.ReadByte(scratch + PageSize); // page 1 only read: still the file's
            var entries = new long[2];
            if (RandomAccess.Read(handle, MemoryMarshal.AsBytes(entries.AsSpan()), (long)scratch / PageSize * sizeof(long)) != 16) return Fail();
            bool works = (entries[0] & PresentBit) != 0 && (entries[0] & FileBit) == 0
                && (entries[1] & PresentBit) != 0 && (entries[1] & FileBit) != 0;
            if (!works) return Fail();
            // The faster PAGEMAP_SCAN only where it finds exactly the written page too.
            var runs = new List<(long, long)>();
            if (!TryScan(handle, scratch, 2 * PageSize, (offset, length) => runs.Add((offset, length))) || runs is not [(0, PageSize)])
                _scanUnavailable = true;
            return handle;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return Fail();
        }
        finally
        {
            if (scratch != -1) _ = LinuxCalls.munmap(scratch, 2 * PageSize);
            if (fd >= 0) _ = LinuxCalls.close(fd);
        }

        SafeFileHandle? Fail()
        {
            handle?.Dispose();
            return null;
        }
    }

    /// <summary>Closes the memfd; the mapping itself goes when Wasmtime unmaps the memory.</summary>
    public void Dispose()
    {
        if (_view != 0) _ = LinuxCalls.munmap(_view, (nuint)_viewLength);
        _view = 0;
        _viewLength = 0;
        _ = LinuxCalls.close(_fd);
        _tracker?.Dispose();
    }
}
