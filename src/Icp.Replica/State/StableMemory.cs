namespace Icp.Replica.State;

/// <summary>
/// A canister's stable memory: 64 KiB pages that survive upgrades. Copy-on-write against the last snapshot, so
/// a message that does not touch stable memory costs nothing to roll back and one that does costs one copy.
/// </summary>
internal sealed class StableMemory
{
    /// <summary>Wasm page size, which stable memory shares.</summary>
    public const long PageSize = 65536;

    /// <summary>The largest stable memory we allow (the IC's limit is 500 GiB; an in-process replica is smaller).</summary>
    public const long MaxPages = 4L * 1024 * 1024 * 1024 / PageSize * 4; // 16 GiB of address space

    private byte[] _data = [];
    private long _pages;
    private bool _shared; // _data is also referenced by a snapshot: copy before writing

    /// <summary>Size in pages.</summary>
    public long Pages => _pages;

    /// <summary>Size in bytes.</summary>
    public long Length => _pages * PageSize;

    /// <summary>Captures the current contents; writes after this copy first.</summary>
    public (byte[] Data, long Pages) Snapshot()
    {
        _shared = true;
        return (_data, _pages);
    }

    /// <summary>Returns to a snapshot taken with <see cref="Snapshot"/>.</summary>
    public void Restore((byte[] Data, long Pages) snapshot)
    {
        _data = snapshot.Data;
        _pages = snapshot.Pages;
        _shared = true;
    }

    /// <summary>Empties the memory (reinstall).</summary>
    public void Clear()
    {
        _data = [];
        _pages = 0;
        _shared = false;
    }

    /// <summary>Grows by <paramref name="newPages"/>; returns the old size in pages or -1 when the limit would be exceeded.</summary>
    public long Grow(long newPages, long maxPages = MaxPages)
    {
        long old = _pages;
        if (newPages < 0 || newPages > maxPages - old) return -1;
        _pages = old + newPages;
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
        if (_shared || needed > _data.LongLength)
        {
            // Grow the backing array geometrically; bytes past the written end stay zero.
            long capacity = Math.Max(needed, _shared ? _data.LongLength : Math.Min(Array.MaxLength, Math.Max(_data.LongLength * 2, PageSize)));
            capacity = Math.Min(capacity, Math.Min(Length, Array.MaxLength));
            var copy = new byte[capacity];
            _data.AsSpan(0, (int)Math.Min(_data.LongLength, capacity)).CopyTo(copy);
            _data = copy;
            _shared = false;
        }
        source.CopyTo(_data.AsSpan((int)offset));
        return true;
    }
}
