using System.Numerics;

namespace Bridge.Core.Batches;

/// <summary>A batch's header (protocol section 4; the rollup's <c>BatchHeader</c>).</summary>
public sealed record BatchHeader
{
    /// <summary>The batch's sequence number (the first is 1).</summary>
    public required ulong Sequence { get; init; }
    /// <summary>The previous batch's root (32 zero bytes for the first).</summary>
    public required byte[] PreviousRoot { get; init; }
    /// <summary>The Merkle root of the batch's leaves.</summary>
    public required byte[] Root { get; init; }
    /// <summary>The number of leaves: the tree size every proof is checked against.</summary>
    public required ulong ReceiptCount { get; init; }
    /// <summary>The raw sum of fee_amount, whatever the token.</summary>
    public required BigInteger TotalFees { get; init; }
    /// <summary>The sum of gpu_seconds.</summary>
    public required BigInteger TotalGpuSeconds { get; init; }
    /// <summary>The previous window's end (genesis for the first batch).</summary>
    public required ulong WindowStartNs { get; init; }
    /// <summary>The cut time.</summary>
    public required ulong WindowEndNs { get; init; }

    /// <summary>32 zero bytes: the previous root of the first batch.</summary>
    public static byte[] GenesisPreviousRoot => new byte[32];
}
