using Bridge.Service.Store;
using Icp.Candid;

namespace Bridge.Service.Tests;

/// <summary>The explorer's reads, passed through.</summary>
internal sealed partial class GatedStore
{
    public Task<NodeSummary?> GetNodeSummaryAsync(Principal provider, CancellationToken ct = default) => inner.GetNodeSummaryAsync(provider, ct);
    public Task<IReadOnlyList<StoredReceipt>> GetNodeReceiptsAsync(Principal provider, string? afterReceiptId, int limit, CancellationToken ct = default) => inner.GetNodeReceiptsAsync(provider, afterReceiptId, limit, ct);
    public Task<IReadOnlyList<NodeBatchShare>> GetNodeBatchesAsync(Principal provider, int limit, CancellationToken ct = default) => inner.GetNodeBatchesAsync(provider, limit, ct);
    public Task<IReadOnlyList<StoredReceipt>> GetBatchReceiptsAsync(long sequence, long fromLeafIndex, int limit, CancellationToken ct = default) => inner.GetBatchReceiptsAsync(sequence, fromLeafIndex, limit, ct);
    public Task<byte[]?> GetLeafAsync(long sequence, long leafIndex, CancellationToken ct = default) => inner.GetLeafAsync(sequence, leafIndex, ct);
    public Task<IReadOnlyList<StoredEpoch>> ListEpochsAsync(long from, int limit, CancellationToken ct = default) => inner.ListEpochsAsync(from, limit, ct);
    public Task<IReadOnlyList<StoredLine>> GetLinesPageAsync(long epoch, long fromIndex, int limit, CancellationToken ct = default) => inner.GetLinesPageAsync(epoch, fromIndex, limit, ct);
    public Task<IReadOnlyList<LineTotal>> GetLineTotalsAsync(long epoch, CancellationToken ct = default) => inner.GetLineTotalsAsync(epoch, ct);
    public Task<IReadOnlyList<IneligibleReceipt>> GetIneligiblePageAsync(long epoch, byte[]? afterProvider, string? afterReceiptId, int limit, CancellationToken ct = default) => inner.GetIneligiblePageAsync(epoch, afterProvider, afterReceiptId, limit, ct);
    public Task<IReadOnlyList<ReasonCount>> CountIneligibleAsync(long epoch, CancellationToken ct = default) => inner.CountIneligibleAsync(epoch, ct);
}
