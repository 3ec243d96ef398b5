namespace Icp.Replica.Execution;

/// <summary>
/// What an instance returns to after a trap or a query: its mutable globals, and its main memory either as the
/// checkpoint of <see cref="BarrierMemory"/> or <see cref="CopyOnWriteMemory"/> (the usual case) or as a full copy (a checkpoint
/// opened inside another one, or where copy-on-write is not available).
/// </summary>
internal sealed class InstanceSnapshot
{
    private readonly byte[]? _copy;

    private readonly MutableGlobals _owner;

    private InstanceSnapshot(byte[]? copy, IMemoryCheckpoint? checkpoint, MutableGlobals owner, MutableGlobals.Values globals)
    {
        _copy = copy;
        Checkpoint = checkpoint;
        _owner = owner;
        GlobalValues = globals;
    }

    /// <summary>A snapshot that holds a copy of the memory.</summary>
    public static InstanceSnapshot Copied(byte[] memory, MutableGlobals owner, MutableGlobals.Values globals) => new(memory, null, owner, globals);

    /// <summary>A snapshot that is the open checkpoint of <paramref name="memory"/>.</summary>
    public static InstanceSnapshot CheckpointOf(IMemoryCheckpoint memory, MutableGlobals owner, MutableGlobals.Values globals) => new(null, memory, owner, globals);

    /// <summary>The copy-on-write memory whose checkpoint this is; null for a copy.</summary>
    public IMemoryCheckpoint? Checkpoint { get; }

    /// <summary>The mutable globals' values, as the instance restores them.</summary>
    public MutableGlobals.Values GlobalValues { get; }

    /// <summary>The mutable globals' values boxed (to rebuild an instance from the snapshot).</summary>
    public object?[] Globals => _owner.Box(GlobalValues);

    /// <summary>Main memory's length in bytes.</summary>
    public long MemoryLength => _copy?.LongLength ?? Checkpoint!.Length;

    /// <summary>Main memory's content (copied out of a checkpoint: only to rebuild an instance whose memory grew).</summary>
    public byte[] Memory => _copy ?? Checkpoint!.ReadImage();
}
