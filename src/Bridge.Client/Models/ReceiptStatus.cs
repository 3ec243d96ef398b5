namespace Bridge.Client.Models;

/// <summary>Where a receipt stands (section 3, <c>GET /v1/receipts/{provider}/{receipt_id}</c>).</summary>
public enum ReceiptState
{
    /// <summary>Durable, not yet in a batch.</summary>
    Accepted,
    /// <summary>In a batch that is not final yet.</summary>
    Batched,
    /// <summary>In a final batch.</summary>
    Final,
    /// <summary>In a batch a claim rejected: it earns nothing.</summary>
    Rejected,
}

/// <summary>A receipt's status and, once batched, its leaf and RFC 9162 inclusion proof.</summary>
/// <param name="ReceiptHash">The receipt_hash.</param>
/// <param name="State">Where the receipt stands.</param>
/// <param name="Batch">The batch's sequence, once batched.</param>
/// <param name="LeafIndex">The leaf's index in the batch.</param>
/// <param name="TreeSize">The tree size the bridge reports (the proof is checked against the header's receipt_count, not this).</param>
/// <param name="Leaf">The leaf bytes (Candid <c>ReceiptLeaf</c>).</param>
/// <param name="Proof">The audit path, sibling first.</param>
public sealed record ReceiptStatus(
    byte[] ReceiptHash, ReceiptState State, ulong? Batch, ulong? LeafIndex, ulong? TreeSize, byte[]? Leaf, IReadOnlyList<byte[]>? Proof)
{
    /// <summary>True when the answer carries everything a proof check needs.</summary>
    public bool HasProof => Batch is not null && LeafIndex is not null && Leaf is not null && Proof is not null;
}
