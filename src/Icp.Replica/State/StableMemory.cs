namespace Icp.Replica.State;

/// <summary>
/// A canister's stable memory: 64 KiB pages that survive upgrades. Rollback keeps an undo log per checkpoint: the first
/// write to a page after a checkpoint saves that page's old content, so a message costs one 64 KiB copy per stable page
/// it writes (and nothing when it writes none), whatever the memory's size.
/// </summary>
internal sealed class StableMemory
{
    /// <summary>Wasm page size, which stable memory shares.</summary>
    public const long PageSize = 65536;

    /// <summary>The largest stable memory we allow (the IC's limit is 500 GiB; an in-process replica is smaller).</summary>
    public const long MaxPages = 4L * 1024 * 1024 * 1024 / PageSize * 4; // 16 GiB of address space

    private byte[] _data = []; // never longer than Length; bytes past its end read as zero
    private long _pages;
    private readonly List<Checkpoint> _checkpoints = []; // open checkpoints, innermost last

    /// <summary>
    /// What a rollback returns to: the size, the backing array, and the old content of each page at its first write
    /// since, with the array it was saved from (a page first written after a reallocation or a clear was not written in
    /// the checkpoint's array).
    /// </summary>
    internal sealed class Checkpoint(byte[] data, long pages)
    {
        public byte[] Data { get; } = data;
        public long Pages { get; } = pages;
        public Dictionary<long, (byte[] From, byte[] Old)> Saved => _saved ??= [];

        /// <summary>True when some page was saved (most messages write no stable memory: the table is made at the first save).</summary>
        public bool HasSaved => _saved is { Count: > 0 };

        private Dictionary<long, (byte[] From, byte[] Old)>? _saved;
    }

    /// <summary>Size in pages.</summary>
    public long Pages => _pages;

    /// <summary>Size in bytes.</summary>
    public long Length => _pages * PageSize;

    /// <summary>Changes whenever the content or size may have changed (what the state journal compares).</summary>
    public long Version { get; private set; }

    /// <summary>The content written so far (shorter than <see cref="Length"/> when the rest was never written) and the size in pages; not a copy.</summary>
    public (byte[] Data, long Pages) Contents => (_data, _pages);

    /// <summary>Opens a checkpoint: <see cref="Restore"/> returns to it, <see cref="Release"/> keeps what happened since. Checkpoints nest.</summary>
    public Checkpoint Snapshot()
    {
        var checkpoint = new Checkpoint(_data, _pages);
        _checkpoints.Add(checkpoint);
        return checkpoint;
    }

    /// <summary>Returns to the innermost open checkpoint and closes it.</summary>
    public void Restore(Checkpoint checkpoint)
    {
        Close(checkpoint);
        // Writes after a reallocation went to a newer array; the checkpoint's array holds the rest, undone below.
        _data = checkpoint.Data;
        if (checkpoint.HasSaved)
        {
            foreach (var (page, (from, old)) in checkpoint.Saved)
            {
                long start = page * PageSize;
                if (ReferenceEquals(from, _data) && start < _data.LongLength) old.AsSpan(0, (int)Math.Min(PageSize, _data.LongLength - start)).CopyTo(_data.AsSpan((int)start));
            }
        }
        _pages = checkpoint.Pages;
        Version++;
    }

    /// <summary>Closes the innermost open checkpoint keeping the changes; an enclosing checkpoint can still undo them.</summary>
    public void Release(Checkpoint checkpoint)
    {
        Close(checkpoint);
        if (_checkpoints.Count == 0 || !checkpoint.HasSaved) return;
        var parent = _checkpoints[^1];
        foreach (var (page, saved) in checkpoint.Saved) parent.Saved.TryAdd(page, saved);
    }

    private void Close(Checkpoint checkpoint)
    {
        if (_checkpoints.Count == 0 || !ReferenceEquals(_checkpoints[^1], checkpoint))
            throw new InvalidOperationException("stable memory checkpoints must be closed innermost first");
        _checkpoints.RemoveAt(_checkpoints.Count - 1);
    }

    /// <summary>Replaces the content (a state read from disk); the memory keeps its own copy.</summary>
    public void Load(ReadOnlySpan<byte> data, long pages)
    {
        if (data.Length > pages * PageSize) throw new ArgumentException("stable memory content is longer than its pages", nameof(data));
        _data = data.ToArray();
        _pages = pages;
        Version++;
    }

    /// <summary>Empties the memory (reinstall); an open checkpoint still returns to the content before.</summary>
    public void Clear()
    {
        _data = [];
        _pages = 0;
        Version++;
    }

    /// <summary>Grows by <paramref name="newPages"/>; returns the old size in pages or -1 when the limit would be exceeded.</summary>
    public long Grow(long newPages, long maxPages = MaxPages)
    {
        long old = _pages;
        if (newPages < 0 || newPages > maxPages - old) return -1;
        _pages = old + newPages;
        Version++;
        return old;
    }

    /// <summary>Reads bytes; false when the range is outside the memory.</summary>
    public bool TryRead(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > Length - destination.Length) return false;
        long available = Math.Max(0, Math.Min(destination.Length, _data.LongLength - offset));
        if (available > 0) _data.AsSpan((int)offset, (int)available).CopyTo(destination);
        // Pages that were grown but never written read as zeros.
        destination[(int)available..].Clear();
        return true;
    }

    /// <summary>Writes bytes; false when the range is outside the memory.</summary>
    public bool TryWrite(long offset, ReadOnlySpan<byte> source)
    {
        if (offset < 0 || offset > Length - source.Length) return false;
        if (source.Length == 0) return true;
        long needed = offset + source.Length;
        if (needed > Array.MaxLength) throw new InvalidOperationException("stable memory beyond 2 GiB is not supported by this replica");
        if (needed > _data.LongLength)
        {
            // A new, larger array (geometric growth); the old one stays as it is for a checkpoint that refers to it.
            long capacity = Math.Max(needed, Math.Min(Array.MaxLength, Math.Max(_data.LongLength * 2, PageSize)));
            capacity = Math.Min(capacity, Math.Min(Length, Array.MaxLength));
            var larger = new byte[capacity];
            _data.CopyTo(larger, 0);
            _data = larger;
        }
        if (_checkpoints.Count > 0) SavePages(_checkpoints[^1], offset, source.Length);
        source.CopyTo(_data.AsSpan((int)offset));
        Version++;
        return true;
    }

    /// <summary>Saves the old content of each page in the range that the checkpoint has not saved yet.</summary>
    private void SavePages(Checkpoint checkpoint, long offset, int length)
    {
        for (long page = offset / PageSize, last = (offset + length - 1) / PageSize; page <= last; page++)
        {
            if (checkpoint.Saved.ContainsKey(page)) continue;
            var old = new byte[PageSize];
            long start = page * PageSize;
            _data.AsSpan((int)start, (int)Math.Min(PageSize, _data.LongLength - start)).CopyTo(old);
            checkpoint.Saved.Add(page, (_data, old));
        }
    }
}
