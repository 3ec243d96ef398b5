using static Bridge.Service.Store.Postgres.PostgresCommands;

namespace Bridge.Service.Store.Postgres;

public sealed partial class PostgresBridgeStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReceipt>> GetBatchReceiptsAsync(long sequence, CancellationToken ct = default) => Run(async c =>
    {
        // Through batch_leaves' primary key: receipts has no index on its batch.
        await using var cmd = Command(c, null,
            $"SELECT {StoreRows.ReceiptColumns} FROM receipts WHERE id IN (SELECT receipt FROM batch_leaves WHERE sequence = @n) ORDER BY leaf_index", ("n", sequence));
        return await ReadReceipts(cmd, ct);
    });
}
