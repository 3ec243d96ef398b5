using System.Globalization;
using System.Numerics;
using Bridge.Core.Nodes;
using Icp.Candid;

namespace Bridge.Service.Store.Sqlite;

public sealed partial class SqliteBridgeStore
{
    /// <summary>
    /// A node's row and its receipt counts: all of them through the unique (provider, receipt_id), the batched ones
    /// through the partial <c>receipts_provider_batched</c> (query-plan tests explain it).
    /// </summary>
    internal const string NodeSummaryQuery = """
        SELECT n.provider, n.public_key, n.owner, n.registered_ns,
          (SELECT COUNT(*) FROM receipts WHERE provider = n.provider), (SELECT COUNT(*) FROM receipts WHERE provider = n.provider AND batch IS NOT NULL)
        FROM nodes n WHERE n.provider = $p
        """;

    /// <summary>A node's batches, newest first, through <c>receipts_provider_batched</c>.</summary>
    internal const string NodeBatchesQuery =
        "SELECT batch, COUNT(*) FROM receipts WHERE provider = $p AND batch IS NOT NULL GROUP BY batch ORDER BY batch DESC LIMIT $k";

    /// <inheritdoc />
    public Task<NodeSummary?> GetNodeSummaryAsync(Principal provider, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, NodeSummaryQuery, ("$p", provider.ToArray()));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new NodeSummary(StoreRows.Node(r), ParseU64(r.GetString(3)), r.GetInt64(4), r.GetInt64(5));
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReceipt>> GetNodeReceiptsAsync(Principal provider, string? afterReceiptId, int limit, CancellationToken ct = default) =>
        Run(c => ReadReceipts(c, null, "WHERE provider = $p AND ($after IS NULL OR receipt_id > $after) ORDER BY receipt_id LIMIT $k", ct,
            ("$p", provider.ToArray()), ("$after", afterReceiptId), ("$k", limit)));

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeBatchShare>> GetNodeBatchesAsync(Principal provider, int limit, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, NodeBatchesQuery, ("$p", provider.ToArray()), ("$k", limit));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<NodeBatchShare>();
        while (await r.ReadAsync(ct)) list.Add(new NodeBatchShare(r.GetInt64(0), r.GetInt64(1)));
        return (IReadOnlyList<NodeBatchShare>)list;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReceipt>> GetBatchReceiptsAsync(long sequence, long fromLeafIndex, int limit, CancellationToken ct = default) =>
        Run(c => ReadReceipts(c, null, """
            WHERE id IN (SELECT receipt FROM batch_leaves WHERE sequence = $n AND leaf_index >= $i ORDER BY leaf_index LIMIT $k)
            ORDER BY leaf_index
            """, ct, ("$n", sequence), ("$i", fromLeafIndex), ("$k", limit)));

    /// <inheritdoc />
    public Task<byte[]?> GetLeafAsync(long sequence, long leafIndex, CancellationToken ct = default) =>
        Run(c => Scalar<byte[]?>(c, null, "SELECT leaf FROM batch_leaves WHERE sequence = $n AND leaf_index = $i", ct, ("$n", sequence), ("$i", leafIndex)));

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEpoch>> ListEpochsAsync(long from, int limit, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, $"SELECT {StoreRows.EpochColumns} FROM epochs WHERE epoch >= $e ORDER BY epoch LIMIT $k", ("$e", from), ("$k", limit));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, Rows.Epoch, ct);
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredLine>> GetLinesPageAsync(long epoch, long fromIndex, int limit, CancellationToken ct = default) =>
        Run(c => ReadLines(c, null, "WHERE epoch = $e AND line_index >= $i ORDER BY line_index LIMIT $k", ct, ("$e", epoch), ("$i", fromIndex), ("$k", limit)));

    /// <inheritdoc />
    public Task<IReadOnlyList<LineTotal>> GetLineTotalsAsync(long epoch, CancellationToken ct = default) => Run(async c =>
    {
        // Amounts are decimal text (they pass SQLite's integers): summed here, exactly.
        await using var cmd = Command(c, null, "SELECT status, amount FROM lines WHERE epoch = $e", ("$e", epoch));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var totals = new SortedDictionary<string, (long Lines, BigInteger Amount)>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
        {
            var (lines, amount) = totals.GetValueOrDefault(r.GetString(0));
            totals[r.GetString(0)] = (lines + 1, amount + BigInteger.Parse(r.GetString(1), CultureInfo.InvariantCulture));
        }
        return (IReadOnlyList<LineTotal>)[.. totals.Select(t => new LineTotal(t.Key, t.Value.Lines, t.Value.Amount))];
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<IneligibleReceipt>> GetIneligiblePageAsync(long epoch, byte[]? afterProvider, string? afterReceiptId, int limit,
        CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, $"""
            SELECT {StoreRows.IneligibleColumns} FROM ineligible
            WHERE epoch = $e AND ($p IS NULL OR provider > $p OR (provider = $p AND receipt_id > $r))
            ORDER BY provider, receipt_id LIMIT $k
            """, ("$e", epoch), ("$p", afterProvider), ("$r", afterReceiptId ?? ""), ("$k", limit));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, StoreRows.Ineligible, ct);
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<ReasonCount>> CountIneligibleAsync(long epoch, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, "SELECT reason, COUNT(*) FROM ineligible WHERE epoch = $e GROUP BY reason ORDER BY reason", ("$e", epoch));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ReasonCount>();
        while (await r.ReadAsync(ct)) list.Add(new ReasonCount(r.GetString(0), r.GetInt64(1)));
        return (IReadOnlyList<ReasonCount>)list;
    });
}
