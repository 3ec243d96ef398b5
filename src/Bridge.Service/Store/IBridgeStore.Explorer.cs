using Icp.Candid;

namespace Bridge.Service.Store;

/// <summary>
/// The explorer's reads: every list is one page, found through an index (a batch's receipts through
/// <c>batch_leaves</c>' key, a node's by (provider, receipt_id), an epoch's lines and ineligible receipts by their keys),
/// so a page costs the same in a batch of 100,000 receipts as in a batch of ten.
/// </summary>
public partial interface IBridgeStore
{
    /// <summary>A node's registration, when it registered and how many of its receipts are stored and batched; null for an unknown node.</summary>
    Task<NodeSummary?> GetNodeSummaryAsync(Principal provider, CancellationToken ct = default);

    /// <summary>A node's receipts by receipt_id (in the store's text order), after <paramref name="afterReceiptId"/> (null: from the first), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredReceipt>> GetNodeReceiptsAsync(Principal provider, string? afterReceiptId, int limit, CancellationToken ct = default);

    /// <summary>The batches that hold a node's receipts, newest first, with how many of its receipts each holds; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<NodeBatchShare>> GetNodeBatchesAsync(Principal provider, int limit, CancellationToken ct = default);

    /// <summary>A batch's receipts in leaf order from leaf <paramref name="fromLeafIndex"/> on, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredReceipt>> GetBatchReceiptsAsync(long sequence, long fromLeafIndex, int limit, CancellationToken ct = default);

    /// <summary>The leaf bytes at one index of a batch, or null.</summary>
    Task<byte[]?> GetLeafAsync(long sequence, long leafIndex, CancellationToken ct = default);

    /// <summary>The stored (settled, posted or paid) epochs from <paramref name="from"/> on, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredEpoch>> ListEpochsAsync(long from, int limit, CancellationToken ct = default);

    /// <summary>An epoch's lines from index <paramref name="fromIndex"/> on, in their order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredLine>> GetLinesPageAsync(long epoch, long fromIndex, int limit, CancellationToken ct = default);

    /// <summary>An epoch's lines summed per status (<c>pending</c>, <c>paid</c>, <c>held</c>), by status.</summary>
    Task<IReadOnlyList<LineTotal>> GetLineTotalsAsync(long epoch, CancellationToken ct = default);

    /// <summary>
    /// An epoch's ineligible receipts by (provider bytes, receipt_id), after the given one (both null: from the first),
    /// at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<IneligibleReceipt>> GetIneligiblePageAsync(long epoch, byte[]? afterProvider, string? afterReceiptId, int limit, CancellationToken ct = default);

    /// <summary>How many of an epoch's receipts are ineligible for each reason, by reason.</summary>
    Task<IReadOnlyList<ReasonCount>> CountIneligibleAsync(long epoch, CancellationToken ct = default);
}
