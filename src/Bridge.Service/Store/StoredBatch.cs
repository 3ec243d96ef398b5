using System.Numerics;

namespace Bridge.Service.Store;

/// <summary>Where a batch is in its life.</summary>
public enum BatchState
{
    /// <summary>Cut and stored; not yet acknowledged by the canister.</summary>
    Cut,

    /// <summary>The canister holds it; waiting for its challenge window.</summary>
    Posted,

    /// <summary>Final on the canister.</summary>
    Final,

    /// <summary>Rejected on the canister by a claim: its receipts earn nothing.</summary>
    Rejected,
}

/// <summary>A batch: the header posted to the rollup canister, its state and times.</summary>
public sealed record StoredBatch
{
    /// <summary>The sequence number (the first is 1).</summary>
    public required long Sequence { get; init; }

    /// <summary>The previous batch's root (32 zero bytes for the first).</summary>
    public required byte[] PreviousRoot { get; init; }

    /// <summary>The RFC 6962 root over the leaves.</summary>
    public required byte[] Root { get; init; }

    /// <summary>The number of receipts (the tree size).</summary>
    public required long ReceiptCount { get; init; }

    /// <summary>The raw sum of fee_amount.</summary>
    public required BigInteger TotalFees { get; init; }

    /// <summary>The sum of gpu_seconds.</summary>
    public required BigInteger TotalGpuSeconds { get; init; }

    /// <summary>The previous window's end (genesis for the first).</summary>
    public required ulong WindowStartNs { get; init; }

    /// <summary>The cut time.</summary>
    public required ulong WindowEndNs { get; init; }

    /// <summary>The batch's state.</summary>
    public BatchState State { get; init; } = BatchState.Cut;

    /// <summary>Why the canister rejected it.</summary>
    public string? RejectReason { get; init; }

    /// <summary>When the canister acknowledged it (ns).</summary>
    public ulong? PostedNs { get; init; }

    /// <summary>When it becomes final (the canister's final_after_ns).</summary>
    public ulong? FinalAfterNs { get; init; }
}
