using Bridge.Client.Rollup;
using Bridge.Core.Merkle;
using CoreLeaf = Bridge.Core.Leaves.ReceiptLeaf;

namespace Bridge.Verify.Verification;

/// <summary>A batch whose leaves were checked in this run: the leaf bytes, their decoded leaves, the tree and the canister's record.</summary>
/// <param name="Record">The canister's batch record (header and status).</param>
/// <param name="LeafBytes">The leaf bytes in leaf order.</param>
/// <param name="Leaves">The decoded leaves.</param>
/// <param name="Tree">The Merkle tree rebuilt from the leaf bytes (its root is the canister's).</param>
public sealed record CheckedBatch(BatchRecord Record, IReadOnlyList<byte[]> LeafBytes, IReadOnlyList<CoreLeaf> Leaves, MerkleTree Tree)
{
    /// <summary>True when a claim rejected the batch on the canister.</summary>
    public bool Rejected => Record.Status is BatchStatus.Rejected;

    /// <summary>True while the batch is inside its challenge window on the canister.</summary>
    public bool Pending => Record.Status is BatchStatus.Pending;
}
