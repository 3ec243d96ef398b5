namespace Bridge.Client.Proofs;

/// <summary>A batch's state on the rollup canister.</summary>
public enum RollupBatchState
{
    /// <summary>Inside its challenge window.</summary>
    Pending,
    /// <summary>Final.</summary>
    Final,
    /// <summary>Rejected by a claim: its receipts earn nothing.</summary>
    Rejected,
}

/// <summary>The outcome of checking a receipt's inclusion proof against the rollup canister.</summary>
/// <param name="IsValid">True when the leaf is the receipt's, and the proof leads from it to the canister's root of the batch
/// at the header's receipt_count.</param>
/// <param name="Failure">Why the check failed (null when valid).</param>
/// <param name="Sequence">The batch checked against (0 when the status named none).</param>
/// <param name="Root">The canister's root of that batch (empty when unknown).</param>
/// <param name="ReceiptCount">The canister header's receipt_count: the tree size the proof was checked at.</param>
/// <param name="State">The batch's state on the canister (null when the canister has no such batch).</param>
/// <param name="RootCertified">True when the root was also checked against the canister's certified data (the batch is
/// the canister's latest, read with <c>certified_last_batch</c> and its verified certificate); otherwise the root comes
/// from a query whose node signatures the agent verified.</param>
public sealed record ReceiptProofResult(
    bool IsValid, string? Failure, ulong Sequence, byte[] Root, ulong ReceiptCount, RollupBatchState? State, bool RootCertified)
{
    internal static ReceiptProofResult Fail(string failure, ulong sequence = 0, byte[]? root = null, ulong count = 0, RollupBatchState? state = null) =>
        new(false, failure, sequence, root ?? [], count, state, false);
}
