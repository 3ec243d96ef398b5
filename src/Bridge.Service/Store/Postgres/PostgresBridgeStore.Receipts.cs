using Bridge.Core.Receipts;
using Icp.Candid;
using Npgsql;
using static Bridge.Service.Store.Postgres.PostgresCommands;

namespace Bridge.Service.Store.Postgres;

public sealed partial class PostgresBridgeStore
{
    /// <inheritdoc />
    public Task<StoredReceipt?> GetReceiptAsync(Principal provider, string receiptId, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, $"SELECT {StoreRows.ReceiptColumns} FROM receipts WHERE provider = @p AND receipt_id = @r",
            ("p", provider.ToArray()), ("r", receiptId));
        var list = await ReadReceipts(cmd, ct);
        return list.Count == 0 ? null : list[0];
    });

    /// <summary>
    /// One statement, one round trip, committed on its own: every receipt of the group goes in through one
    /// <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING</c> (prepared on each pooled connection; a
    /// concurrent insert of the same key from another instance waits for that one to commit, then does nothing). Only
    /// when some did not go in (already stored, or a second item of the group with the same key) a second statement
    /// reads those rows back, so the caller compares hashes with what is durably there (receipts are never deleted,
    /// so the committed row it reads is the one that blocked the insert). Rows go in (provider, receipt_id) order, so
    /// two instances writing overlapping groups take their locks in the same order and never deadlock; of two items
    /// with one key the first in the group is the one stored (the sort is stable). Receipts are not fenced: every
    /// instance takes them.
    /// </summary>
    public Task<IReadOnlyList<(StoredReceipt Stored, bool Created)>> AddReceiptsAsync(IReadOnlyList<StoredReceipt> receipts, CancellationToken ct = default) => Run(async c =>
    {
        var results = new (StoredReceipt, bool)[receipts.Count];
        if (receipts.Count == 0) return (IReadOnlyList<(StoredReceipt, bool)>)results;
        var group = new ReceiptGroup(receipts);
        await using (var insert = new NpgsqlCommand(PostgresReceiptArrays.InsertSql, c))
        {
            PostgresReceiptArrays.AddInsertParameters(insert.Parameters, receipts, group.Order);
            await insert.PrepareAsync(ct);
            await using var r = await insert.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                int i = group.Order[group.First((byte[])r[1], r.GetString(2))];
                results[i] = (receipts[i] with { Id = r.GetInt64(0) }, true);
            }
        }
        var missing = group.Order.Where(i => results[i].Item1 is null).ToList();
        if (missing.Count == 0) return (IReadOnlyList<(StoredReceipt, bool)>)results;
        await using (var read = new NpgsqlCommand(PostgresReceiptArrays.ReadSql, c))
        {
            PostgresReceiptArrays.AddKeyParameters(read.Parameters, receipts, missing);
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var stored = Rows.Receipt(r);
                var (provider, receiptId) = (stored.Receipt.Provider.ToArray(), stored.Receipt.ReceiptId);
                for (int k = group.First(provider, receiptId); k < receipts.Count && group.Compare(k, provider, receiptId) == 0; k++)
                    if (results[group.Order[k]].Item1 is null) results[group.Order[k]] = (stored, false);
            }
        }
        foreach (int i in missing)
            if (results[i].Item1 is null) throw new StoreUnavailableException($"receipt {receipts[i].Receipt.ReceiptId} conflicted but cannot be read back");
        return (IReadOnlyList<(StoredReceipt, bool)>)results;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReceipt>> GetUnbatchedReceiptsAsync(ulong ackedBeforeNs, int limit, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, UnbatchedQuery, ("cut", ackedBeforeNs), ("n", limit));
        return await ReadReceipts(cmd, ct);
    });

    /// <summary>
    /// The batcher's read: through the partial index <c>receipts_unbatched</c> (acked_ns), then sorted by hash
    /// (query-plan tests explain it).
    /// </summary>
    internal static readonly string UnbatchedQuery =
        $"SELECT {StoreRows.ReceiptColumns} FROM receipts WHERE batch IS NULL AND acked_ns < @cut ORDER BY receipt_hash LIMIT @n";

    /// <summary>A group in (provider, receipt_id) order (stable: the first of equal keys stays first), searchable by key.</summary>
    private sealed class ReceiptGroup
    {
        private readonly IReadOnlyList<StoredReceipt> _receipts;
        private readonly byte[][] _providers;

        public ReceiptGroup(IReadOnlyList<StoredReceipt> receipts)
        {
            _receipts = receipts;
            _providers = [.. receipts.Select(r => r.Receipt.Provider.ToArray())];
            Order = [.. Enumerable.Range(0, receipts.Count).OrderBy(i => _providers[i], ByteOrder.Instance)
                .ThenBy(i => receipts[i].Receipt.ReceiptId, StringComparer.Ordinal)];
        }

        /// <summary>Indexes into the group, in key order.</summary>
        public int[] Order { get; }

        /// <summary>The key at position <paramref name="k"/> of <see cref="Order"/> against (<paramref name="provider"/>, <paramref name="receiptId"/>).</summary>
        public int Compare(int k, byte[] provider, string receiptId)
        {
            int byProvider = _providers[Order[k]].AsSpan().SequenceCompareTo(provider);
            return byProvider != 0 ? byProvider : string.CompareOrdinal(_receipts[Order[k]].Receipt.ReceiptId, receiptId);
        }

        /// <summary>The first position of <see cref="Order"/> holding this key; the database named a key the group does not hold otherwise.</summary>
        public int First(byte[] provider, string receiptId)
        {
            int lo = 0, hi = Order.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (Compare(mid, provider, receiptId) < 0) lo = mid + 1; else hi = mid;
            }
            if (lo == Order.Length || Compare(lo, provider, receiptId) != 0)
                throw new StoreUnavailableException($"the database returned receipt {receiptId}, which the group does not hold");
            return lo;
        }
    }

    private static async Task<IReadOnlyList<StoredReceipt>> ReadReceipts(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, Rows.Receipt, ct);
    }

    /// <summary>Bytewise order (as PostgreSQL orders bytea).</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
