namespace Icp.Replica.Execution;

/// <summary>
/// Main memory's last checkpoint, kept so that a message's writes can be undone in place: by write barrier
/// (<see cref="BarrierMemory"/>) or by copy-on-write mappings (<see cref="CopyOnWriteMemory"/>).
/// </summary>
internal interface IMemoryCheckpoint
{
    /// <summary>The checkpoint's length in bytes (what a rollback returns to).</summary>
    long Length { get; }

    /// <summary>Returns the memory to the checkpoint; the caller checks that it has not grown since.</summary>
    void Rollback();

    /// <summary>Copies the checkpoint's image out.</summary>
    byte[] ReadImage();
}
