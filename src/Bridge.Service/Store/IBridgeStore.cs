using Bridge.Core.Nodes;
using Icp.Candid;

namespace Bridge.Service.Store;

/// <summary>
/// Everything the bridge persists, behind one seam (SQLite is the embedded default). Each method is one
/// transaction. A replicated implementation (PostgreSQL) adds a lease with a fencing token for the active role and
/// checks it in every write of the poster and payout worker; <see cref="ActiveRoleToken"/> is where it shows.
/// </summary>
public partial interface IBridgeStore
{
    /// <summary>The fencing token of the active role this instance holds (always 1 for the embedded store).</summary>
    long ActiveRoleToken { get; }

    /// <summary>Applies the forward-only migrations not yet applied.</summary>
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>Throws <see cref="StoreUnavailableException"/> when the store cannot be reached.</summary>
    Task PingAsync(CancellationToken ct = default);

    /// <summary>A stored setting (the dev genesis, the poster's halt alert, ...), or null.</summary>
    Task<string?> GetSettingAsync(string key, CancellationToken ct = default);

    /// <summary>Stores a setting.</summary>
    Task SetSettingAsync(string key, string? value, CancellationToken ct = default);

    /// <summary>
    /// Stores a setting (null clears it) and appends an event, in one transaction and without the active role's
    /// fencing: for state any instance may change, such as a role's halt (set by a worker, cleared by an operator's
    /// resume on whichever instance the request reached; see <see cref="Roles.RoleHalts"/>).
    /// </summary>
    Task SetSharedSettingAsync(string key, string? value, string eventKind, string eventSubject, string eventDetail, CancellationToken ct = default);

    /// <summary>The registered node with this provider id, or null.</summary>
    Task<RegisteredNode?> GetNodeAsync(Principal provider, CancellationToken ct = default);

    /// <summary>Stores the node unless its provider is registered; returns the stored registration and whether it is new.</summary>
    Task<(RegisteredNode Node, bool Created)> AddNodeAsync(RegisteredNode node, ulong registeredNs, CancellationToken ct = default);

    /// <summary>The provider's receipt with this id, or null.</summary>
    Task<StoredReceipt?> GetReceiptAsync(Principal provider, string receiptId, CancellationToken ct = default);

    /// <summary>
    /// Stores the receipts in one transaction (a group commit). For each: the stored row, which is the one already
    /// there when the provider has that receipt id (the caller compares receipt hashes).
    /// </summary>
    Task<IReadOnlyList<(StoredReceipt Stored, bool Created)>> AddReceiptsAsync(IReadOnlyList<StoredReceipt> receipts, CancellationToken ct = default);

    /// <summary>Receipts acknowledged before <paramref name="ackedBeforeNs"/> and in no batch, by ascending receipt_hash.</summary>
    Task<IReadOnlyList<StoredReceipt>> GetUnbatchedReceiptsAsync(ulong ackedBeforeNs, int limit, CancellationToken ct = default);

    /// <summary>Stores a cut batch, its leaf bytes in order, and the batch and leaf index of each receipt, in one transaction.</summary>
    Task AddBatchAsync(StoredBatch batch, IReadOnlyList<(long ReceiptId, byte[] Leaf)> leaves, CancellationToken ct = default);

    /// <summary>The batch with this sequence, or null.</summary>
    Task<StoredBatch?> GetBatchAsync(long sequence, CancellationToken ct = default);

    /// <summary>The batch with the highest sequence, or null.</summary>
    Task<StoredBatch?> GetLastBatchAsync(CancellationToken ct = default);

    /// <summary>Batches from <paramref name="from"/> on, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredBatch>> ListBatchesAsync(long from, int limit, CancellationToken ct = default);

    /// <summary>A batch's leaf bytes in leaf order (empty for an unknown batch).</summary>
    Task<IReadOnlyList<byte[]>> GetBatchLeavesAsync(long sequence, CancellationToken ct = default);

    /// <summary>A batch's receipts in leaf order (empty for an unknown batch): what the settler rewards.</summary>
    Task<IReadOnlyList<StoredReceipt>> GetBatchReceiptsAsync(long sequence, CancellationToken ct = default);

    /// <summary>Records a batch's new state (posted, final, rejected) with its times.</summary>
    Task UpdateBatchAsync(StoredBatch batch, CancellationToken ct = default);

    /// <summary>The first and last sequence of the batches whose window ends in [<paramref name="fromNs"/>, <paramref name="toNs"/>), or null when none does.</summary>
    Task<(long First, long Last)?> GetBatchRangeAsync(ulong fromNs, ulong toNs, CancellationToken ct = default);

    /// <summary>A settled epoch, or null while it is open.</summary>
    Task<StoredEpoch?> GetEpochAsync(long epoch, CancellationToken ct = default);

    /// <summary>An epoch's lines in their order.</summary>
    Task<IReadOnlyList<StoredLine>> GetLinesAsync(long epoch, CancellationToken ct = default);

    /// <summary>An epoch's ineligible receipts.</summary>
    Task<IReadOnlyList<IneligibleReceipt>> GetIneligibleAsync(long epoch, CancellationToken ct = default);

    /// <summary>An account's lines over all epochs (<paramref name="subaccount"/> null for the default one).</summary>
    Task<IReadOnlyList<StoredLine>> GetAccountLinesAsync(byte[] owner, byte[]? subaccount, CancellationToken ct = default);

    /// <summary>The settled epoch with the highest number, or null when none is.</summary>
    Task<StoredEpoch?> GetLastEpochAsync(CancellationToken ct = default);

    /// <summary>
    /// Stores a settled epoch with its lines and ineligible receipts in one transaction (a write of the active role).
    /// Settling is deterministic, so an epoch already stored is kept as it is: the answer is then false and nothing is written.
    /// </summary>
    Task<bool> AddEpochAsync(StoredEpoch epoch, IReadOnlyList<StoredLine> lines, IReadOnlyList<IneligibleReceipt> ineligible,
        CancellationToken ct = default);

    /// <summary>The settled epoch with the lowest number that is not <c>paid</c>, or null when every one is: where paying goes on.</summary>
    Task<StoredEpoch?> GetFirstUnpaidEpochAsync(CancellationToken ct = default);

    /// <summary>
    /// Records an epoch's new state (<c>posted</c>, <c>paid</c>), with an event (a write of the active role). An epoch
    /// becomes <c>paid</c> only while none of its lines is <c>pending</c>: the answer is false, and nothing is written,
    /// when one is (a line an operator released while the worker finished the epoch).
    /// </summary>
    Task<bool> UpdateEpochStateAsync(long epoch, string state, CancellationToken ct = default);

    /// <summary>
    /// Releases a <c>held</c> line back to <c>pending</c>, for an operator and without the active role's fencing (any
    /// instance may take the request; the payout worker never writes a held line). The line keeps its stamp
    /// (created_at_time, fee, reconcile_from_block), so the worker sends the same bytes again, or reconciles first when
    /// they are past their window; a <c>paid</c> epoch goes back to <c>posted</c> so the worker returns to it. One
    /// transaction with a <c>line_released</c> event that keeps the reason it was held and <paramref name="by"/>.
    /// </summary>
    /// <returns>The line as it was found, before the release (null when the epoch has no such line), and whether it was
    /// released (false: it was not held, and nothing was written).</returns>
    Task<(StoredLine? Line, bool Released)> ReleaseHeldLineAsync(long epoch, long index, string by, CancellationToken ct = default);

    /// <summary>
    /// Records a line's payout fields (a write of the active role): its created_at_time and fee before a send, its status,
    /// block index and reason after one. The line is found by epoch and index; its account, amount and hash never change.
    /// </summary>
    Task UpdateLineAsync(StoredLine line, CancellationToken ct = default);

    /// <summary>How many payout lines each status (<c>pending</c>, <c>paid</c>, <c>held</c>) has, over all epochs.</summary>
    Task<IReadOnlyDictionary<string, long>> CountLinesAsync(CancellationToken ct = default);

    /// <summary>
    /// Stores a signed request before it is sent; returns the entry already stored for its kind and key, if any (an
    /// entry whose outcome is <c>expired</c> is replaced: that request never ran and never can).
    /// </summary>
    Task<OutboxEntry> AddOutboxAsync(OutboxEntry entry, CancellationToken ct = default);

    /// <summary>The stored request for this kind and key, or null.</summary>
    Task<OutboxEntry?> GetOutboxAsync(string kind, string key, CancellationToken ct = default);

    /// <summary>Records a stored request's outcome.</summary>
    Task CompleteOutboxAsync(string kind, string key, string outcome, byte[]? reply, CancellationToken ct = default);

    /// <summary>Appends an event to the log (what happened and why), for operators and recovery.</summary>
    Task AddEventAsync(string kind, string subject, string detail, CancellationToken ct = default);

    /// <summary>Row counts per kind of record.</summary>
    Task<StoreCounts> CountAsync(CancellationToken ct = default);
}
