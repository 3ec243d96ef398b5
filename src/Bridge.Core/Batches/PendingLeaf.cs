namespace Bridge.Core.Batches;

/// <summary>An acknowledged receipt waiting for a batch: its hash, its leaf bytes (kept exactly as hashed) and the
/// two values the header sums.</summary>
/// <param name="ReceiptHash">receipt_hash (32 bytes): the batch's order.</param>
/// <param name="LeafBytes">The Candid bytes of its <see cref="Leaves.ReceiptLeaf"/>.</param>
/// <param name="FeeAmount">fee_amount.</param>
/// <param name="GpuSeconds">gpu_seconds.</param>
public sealed record PendingLeaf(byte[] ReceiptHash, byte[] LeafBytes, UInt128 FeeAmount, ulong GpuSeconds);
