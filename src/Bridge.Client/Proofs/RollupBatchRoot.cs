namespace Bridge.Client.Proofs;

/// <summary>A batch as the rollup canister holds it, read once to check any number of its receipts' proofs.</summary>
/// <param name="Sequence">The batch's sequence.</param>
/// <param name="Root">The canister's root of the batch.</param>
/// <param name="ReceiptCount">The header's receipt_count: the tree size every proof is checked at.</param>
/// <param name="State">Pending, final or rejected when read.</param>
/// <param name="RootCertified">True when the root was also checked against the canister's certified data.</param>
public sealed record RollupBatchRoot(ulong Sequence, byte[] Root, ulong ReceiptCount, RollupBatchState State, bool RootCertified);
