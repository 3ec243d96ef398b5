using System.Numerics;

namespace Bridge.Client.Models;

/// <summary>A batch's state as the bridge reports it.</summary>
public enum BridgeBatchStatus
{
    /// <summary>Cut, not yet on the canister.</summary>
    Cut,
    /// <summary>On the canister, inside its challenge window.</summary>
    Pending,
    /// <summary>Final.</summary>
    Final,
    /// <summary>Rejected by a claim.</summary>
    Rejected,
}

/// <summary>A batch (section 4, <c>GET /v1/batches/{n}</c>): the header posted to the rollup canister, status and times.</summary>
/// <param name="Sequence">n (the first is 1).</param>
/// <param name="PreviousRoot">The previous batch's root (32 zero bytes for the first).</param>
/// <param name="Root">The Merkle root of the leaves.</param>
/// <param name="ReceiptCount">The tree size.</param>
/// <param name="TotalFees">The raw sum of fee_amount.</param>
/// <param name="TotalGpuSeconds">The sum of gpu_seconds.</param>
/// <param name="WindowStartNs">The previous window's end.</param>
/// <param name="WindowEndNs">The cut time.</param>
/// <param name="Status">Cut, pending, final or rejected.</param>
/// <param name="PostedNs">When it was posted, if it was.</param>
/// <param name="FinalAfterNs">When its challenge window ends, if posted.</param>
/// <param name="RejectReason">Why a claim rejected it.</param>
public sealed record BridgeBatch(
    ulong Sequence, byte[] PreviousRoot, byte[] Root, ulong ReceiptCount, BigInteger TotalFees, BigInteger TotalGpuSeconds,
    ulong WindowStartNs, ulong WindowEndNs, BridgeBatchStatus Status, ulong? PostedNs, ulong? FinalAfterNs, string? RejectReason);
