namespace Bridge.Service.Store.Sqlite;

public sealed partial class SqliteBridgeStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReceipt>> GetBatchReceiptsAsync(long sequence, CancellationToken ct = default) =>
        // Through batch_leaves' primary key: receipts has no index on its batch.
        Run(c => ReadReceipts(c, null, "WHERE id IN (SELECT receipt FROM batch_leaves WHERE sequence = $n) ORDER BY leaf_index", ct, ("$n", sequence)));
}
