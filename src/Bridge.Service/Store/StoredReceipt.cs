using Bridge.Core.Receipts;

namespace Bridge.Service.Store;

/// <summary>An accepted receipt as stored: every field and signature exactly as received, its hash, acknowledgement and place in a batch.</summary>
/// <param name="Id">The store's row id (0 before it is stored).</param>
/// <param name="Receipt">The receipt as parsed (the fields hashed and signed, keys and signatures).</param>
/// <param name="ReceiptHash">Its receipt_hash.</param>
/// <param name="AckedNs">When the bridge acknowledged it (ns since the Unix epoch).</param>
/// <param name="Batch">The batch that holds it, once batched.</param>
/// <param name="LeafIndex">Its leaf index in that batch.</param>
public sealed record StoredReceipt(long Id, Receipt Receipt, byte[] ReceiptHash, ulong AckedNs, long? Batch = null, long? LeafIndex = null);
