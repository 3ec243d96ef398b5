using System.Runtime.InteropServices;
using Icp.Replica.Wasm;
using Wasmtime;

namespace Icp.Replica.Execution;

/// <summary>
/// Rollback of a Wasm memory whose module carries a write barrier (<see cref="WriteBarrier"/>): the module marks each
/// 4 KiB page it writes in its written-page map, the System API marks the pages it writes (<see cref="MarkWritten"/>),
/// and the last checkpoint's image is a plain copy of the memory. A checkpoint copies the marked pages into the image,
/// a rollback copies them back, and both clear the marks; finding them reads one byte per page (a vectorised search
/// over a few thousand bytes), so the cost follows the pages written, not the memory's size. Works on every platform.
/// </summary>
internal sealed unsafe class BarrierMemory : IMemoryCheckpoint, IDisposable
{
    private const int PageSize = 1 << WriteBarrier.PageShift;

    private readonly Memory _memory;
    private readonly Memory _map;
    private readonly long _mapLength;
    private readonly long _covered; // pages the map tells apart; its byte at this index stands for all pages beyond
    // Native, not a managed array: main memory may pass 2 GiB (4 GiB for 32-bit, more for memory64), and an image this
    // large would only be scanned by the GC for nothing.
    private byte* _image;
    private long _imageCapacity;
    private long _length;
    private bool _clean;
    private HashSet<long>? _folded; // pages folded into the image since the last TakeFoldedPages; null: not asked, or lost track
    private bool _foldedKept;
    private readonly Action<long, int> _fold, _revert; // made once: a lambda per call would allocate per message

    public BarrierMemory(Memory memory, Memory map, BarrierLayout layout)
    {
        _fold = Fold;
        _revert = Revert;
        _memory = memory;
        _map = map;
        _mapLength = map.GetLength();
        _covered = Math.Min(layout.CoveredPages, _mapLength - 2);
    }

    /// <inheritdoc/>
    public long Length => _length;

    /// <summary>
    /// Makes the memory's current content the image a rollback returns to: the first time all of it, afterwards the
    /// marked pages plus any pages grown.
    /// </summary>
    public void Checkpoint()
    {
        long length = _memory.GetLength();
        if (_clean && length == _length) return;
        _clean = true;
        if (length < _length)
        {
            _length = 0;
            _folded = null; // everything is new: the caller compares all of it
        }
        ForEachMarked(_length, _fold);
        if (length > _length)
        {
            if (length > _imageCapacity)
            {
                long capacity = Math.Max(length, _imageCapacity * 2);
                _image = (byte*)NativeMemory.Realloc(_image, (nuint)capacity);
                _imageCapacity = capacity;
            }
            PageCopy.Copy(_memory.GetPointer() + (nint)_length, (nint)(_image + _length), length - _length);
            // Marks on the grown pages (the store that grew into them, a straddling mark) are covered by the copy.
            long from = _length / PageSize, to = Math.Min(_mapLength, length / PageSize + 2);
            if (to > from) _map.GetSpan(from, (int)(to - from)).Clear();
            _length = length;
        }
    }

    /// <summary>Returns the memory to the last checkpoint (the caller checks that it has not grown since).</summary>
    public void Rollback()
    {
        ForEachMarked(_length, _revert);
        _clean = true;
    }

    private void Fold(long offset, int count)
    {
        PageCopy.Copy(_memory.GetSpan(offset, count), Image(offset, count));
        if (_folded is not null)
            for (long page = offset / PageSize; page < (offset + count) / PageSize; page++) _folded.Add(page);
    }

    private void Revert(long offset, int count) => PageCopy.Copy(Image(offset, count), _memory.GetSpan(offset, count));

    private Span<byte> Image(long offset, int count) => new(_image + offset, count);

    /// <summary>The host wrote [<paramref name="offset"/>, +<paramref name="length"/>) of the memory.</summary>
    public void MarkWritten(long offset, long length)
    {
        if (length <= 0) return;
        long first = Math.Min(offset / PageSize, _covered), last = Math.Min((offset + length - 1) / PageSize, _covered);
        _map.GetSpan(first, (int)(last - first + 1)).Fill(1);
    }

    /// <summary>All of the memory may have changed (it was loaded from elsewhere).</summary>
    public void MarkAll()
    {
        _clean = false;
        MarkWritten(0, _memory.GetLength());
    }

    /// <summary>Code may write the memory (a message runs): the next checkpoint must look at the map.</summary>
    public void Touch() => _clean = false;

    /// <summary>
    /// The pages folded into the image since the last call, for the state journal; null the first time and whenever the
    /// record was lost (the caller then compares everything). Pages grown since are not included.
    /// </summary>
    public IReadOnlyCollection<long>? TakeFoldedPages()
    {
        var folded = _foldedKept ? _folded : null;
        _foldedKept = true;
        _folded = [];
        return folded;
    }

    /// <inheritdoc/>
    public byte[] ReadImage() => Image(0, checked((int)_length)).ToArray();

    /// <summary>Frees the image.</summary>
    public void Dispose()
    {
        NativeMemory.Free(_image);
        _image = null;
        _imageCapacity = 0;
        _length = 0;
    }

    /// <summary>
    /// Calls <paramref name="run"/> with (offset, length) of each run of marked pages in [0, <paramref name="length"/>)
    /// and clears the marks, including those just past the end (a straddling store's second page).
    /// </summary>
    private void ForEachMarked(long length, Action<long, int> run)
    {
        long pages = length / PageSize;
        if (pages == 0) return;
        long tracked = Math.Min(pages, _covered);
        var map = _map.GetSpan(0, (int)Math.Min(_mapLength, tracked + 2));
        bool beyond = pages > _covered && map[(int)_covered] != 0;
        int at = 0;
        while (at < tracked)
        {
            int first = map[at..(int)tracked].IndexOfAnyExcept((byte)0);
            if (first < 0) break;
            first += at;
            int end = map[first..(int)tracked].IndexOf((byte)0);
            end = end < 0 ? (int)tracked : first + end;
            map[first..end].Clear();
            for (long offset = (long)first * PageSize; offset < (long)end * PageSize;)
            {
                int chunk = (int)Math.Min(1 << 30, (long)end * PageSize - offset);
                run(offset, chunk);
                offset += chunk;
            }
            at = end;
        }
        map[(int)tracked..].Clear();
        if (beyond)
            for (long offset = _covered * PageSize; offset < pages * PageSize;)
            {
                int chunk = (int)Math.Min(1 << 30, pages * PageSize - offset);
                run(offset, chunk);
                offset += chunk;
            }
    }
}
