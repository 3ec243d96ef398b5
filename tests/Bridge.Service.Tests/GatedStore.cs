using Bridge.Core.Nodes;
using Bridge.Service.Store;
using Icp.Candid;

namespace Bridge.Service.Tests;

/// <summary>The real SQLite store, whose receipt writes wait at a gate or fail on demand (overload and outage tests).</summary>
internal sealed partial class GatedStore(IBridgeStore inner) : IBridgeStore
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Receipt writes wait here until it completes; a completed source lets them through.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first receipt write reached the gate.</summary>
    public Task WriterBlocked => _entered.Task;

    /// <summary>When set, receipt writes fail as a full disk would.</summary>
    public bool Fail { get; set; }

    public async Task<IReadOnlyList<(StoredReceipt Stored, bool Created)>> AddReceiptsAsync(IReadOnlyList<StoredReceipt> receipts, CancellationToken ct = default)
    {
        _entered.TrySetResult();
        await Gate.Task.WaitAsync(ct);
        if (Fail) throw new StoreUnavailableException("the SQLite store failed: disk I/O error");
        return await inner.AddReceiptsAsync(receipts, ct);
    }

    public long ActiveRoleToken => inner.ActiveRoleToken;
    public Task MigrateAsync(CancellationToken ct = default) => inner.MigrateAsync(ct);
    public Task PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);
    public Task<string?> GetSettingAsync(string key, CancellationToken ct = default) => inner.GetSettingAsync(key, ct);
    public Task SetSettingAsync(string key, string? value, CancellationToken ct = default) => inner.SetSettingAsync(key, value, ct);
    public Task SetSharedSettingAsync(string key, string? value, string eventKind, string eventSubject, string eventDetail, CancellationToken ct = default) =>
        inner.SetSharedSettingAsync(key, value, eventKind, eventSubject, eventDetail, ct);
    public Task<RegisteredNode?> GetNodeAsync(Principal provider, CancellationToken ct = default) => inner.GetNodeAsync(provider, ct);
    public Task<(RegisteredNode Node, bool Created)> AddNodeAsync(RegisteredNode node, ulong registeredNs, CancellationToken ct = default) => inner.AddNodeAsync(node, registeredNs, ct);
    public Task<StoredReceipt?> GetReceiptAsync(Principal provider, string receiptId, CancellationToken ct = default) => inner.GetReceiptAsync(provider, receiptId, ct);
    public Task<IReadOnlyList<StoredReceipt>> GetUnbatchedReceiptsAsync(ulong ackedBeforeNs, int limit, CancellationToken ct = default) => inner.GetUnbatchedReceiptsAsync(ackedBeforeNs, limit, ct);
    public Task AddBatchAsync(StoredBatch batch, IReadOnlyList<(long ReceiptId, byte[] Leaf)> leaves, CancellationToken ct = default) => inner.AddBatchAsync(batch, leaves, ct);
    public Task<StoredBatch?> GetBatchAsync(long sequence, CancellationToken ct = default) => inner.GetBatchAsync(sequence, ct);
    public Task<StoredBatch?> GetLastBatchAsync(CancellationToken ct = default) => inner.GetLastBatchAsync(ct);
    public Task<IReadOnlyList<StoredBatch>> ListBatchesAsync(long from, int limit, CancellationToken ct = default) => inner.ListBatchesAsync(from, limit, ct);
    public Task<IReadOnlyList<byte[]>> GetBatchLeavesAsync(long sequence, CancellationToken ct = default) => inner.GetBatchLeavesAsync(sequence, ct);
    public Task<IReadOnlyList<StoredReceipt>> GetBatchReceiptsAsync(long sequence, CancellationToken ct = default) => inner.GetBatchReceiptsAsync(sequence, ct);
    public Task UpdateBatchAsync(StoredBatch batch, CancellationToken ct = default) => inner.UpdateBatchAsync(batch, ct);
    public Task<OutboxEntry> AddOutboxAsync(OutboxEntry entry, CancellationToken ct = default) => inner.AddOutboxAsync(entry, ct);
    public Task<OutboxEntry?> GetOutboxAsync(string kind, string key, CancellationToken ct = default) => inner.GetOutboxAsync(kind, key, ct);
    public Task CompleteOutboxAsync(string kind, string key, string outcome, byte[]? reply, CancellationToken ct = default) => inner.CompleteOutboxAsync(kind, key, outcome, reply, ct);
    public Task AddEventAsync(string kind, string subject, string detail, CancellationToken ct = default) => inner.AddEventAsync(kind, subject, detail, ct);
    public Task<(long First, long Last)?> GetBatchRangeAsync(ulong fromNs, ulong toNs, CancellationToken ct = default) => inner.GetBatchRangeAsync(fromNs, toNs, ct);
    public Task<StoredEpoch?> GetEpochAsync(long epoch, CancellationToken ct = default) => inner.GetEpochAsync(epoch, ct);
    public Task<IReadOnlyList<StoredLine>> GetLinesAsync(long epoch, CancellationToken ct = default) => inner.GetLinesAsync(epoch, ct);
    public Task<IReadOnlyList<IneligibleReceipt>> GetIneligibleAsync(long epoch, CancellationToken ct = default) => inner.GetIneligibleAsync(epoch, ct);

    public Task<StoredEpoch?> GetLastEpochAsync(CancellationToken ct = default) => inner.GetLastEpochAsync(ct);

    public Task<bool> AddEpochAsync(StoredEpoch epoch, IReadOnlyList<StoredLine> lines, IReadOnlyList<IneligibleReceipt> ineligible, CancellationToken ct = default) =>
        inner.AddEpochAsync(epoch, lines, ineligible, ct);

    public Task<bool> UpdateEpochStateAsync(long epoch, string state, CancellationToken ct = default) => inner.UpdateEpochStateAsync(epoch, state, ct);
    public Task<StoredEpoch?> GetFirstUnpaidEpochAsync(CancellationToken ct = default) => inner.GetFirstUnpaidEpochAsync(ct);
    public Task<(StoredLine? Line, bool Released)> ReleaseHeldLineAsync(long epoch, long index, string by, CancellationToken ct = default) =>
        inner.ReleaseHeldLineAsync(epoch, index, by, ct);

    public Task UpdateLineAsync(StoredLine line, CancellationToken ct = default) => inner.UpdateLineAsync(line, ct);

    public Task<IReadOnlyDictionary<string, long>> CountLinesAsync(CancellationToken ct = default) => inner.CountLinesAsync(ct);
    public Task<IReadOnlyList<StoredLine>> GetAccountLinesAsync(byte[] owner, byte[]? subaccount, CancellationToken ct = default) => inner.GetAccountLinesAsync(owner, subaccount, ct);
    public Task<StoreCounts> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
}
