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
    /// One transaction, two round trips: every receipt is inserted with <c>ON CONFLICT DO NOTHING</c> (a concurrent
    /// insert of the same key from another instance waits for that one to commit, then does nothing), then the rows
    /// that did not go in are read back, so the caller compares hashes with what is durably there. Inserts go in
    /// (provider, receipt_id) order, so two instances writing overlapping groups take their locks in the same order
    /// and never deadlock.
    /// </summary>
    public Task<IReadOnlyList<(StoredReceipt Stored, bool Created)>> AddReceiptsAsync(IReadOnlyList<StoredReceipt> receipts, CancellationToken ct = default) => Run(async c =>
    {
        var results = new (StoredReceipt, bool)[receipts.Count];
        if (receipts.Count == 0) return (IReadOnlyList<(StoredReceipt, bool)>)results;
        int[] order = [.. Enumerable.Range(0, receipts.Count).OrderBy(i => receipts[i].Receipt.Provider.ToArray(), ByteOrder.Instance)
            .ThenBy(i => receipts[i].Receipt.ReceiptId, StringComparer.Ordinal)];
        await using var tx = await c.BeginTransactionAsync(ct);
        await using (var insert = new NpgsqlBatch(c, tx))
        {
            foreach (int i in order) insert.BatchCommands.Add(InsertReceipt(receipts[i]));
            await using var r = await insert.ExecuteReaderAsync(ct);
            foreach (int i in order)
            {
                if (await r.ReadAsync(ct)) results[i] = (receipts[i] with { Id = r.GetInt64(0) }, true);
                await r.NextResultAsync(ct);
            }
        }
        var missing = order.Where(i => results[i].Item1 is null).ToList();
        if (missing.Count > 0)
        {
            await using var read = new NpgsqlBatch(c, tx);
            foreach (int i in missing)
                read.BatchCommands.Add(BatchCommand($"SELECT {StoreRows.ReceiptColumns} FROM receipts WHERE provider = @p AND receipt_id = @r",
                    ("p", receipts[i].Receipt.Provider.ToArray()), ("r", receipts[i].Receipt.ReceiptId)));
            await using var r = await read.ExecuteReaderAsync(ct);
            foreach (int i in missing)
            {
                if (!await r.ReadAsync(ct)) throw new StoreUnavailableException($"receipt {receipts[i].Receipt.ReceiptId} conflicted but cannot be read back");
                results[i] = (Rows.Receipt(r), false);
                await r.NextResultAsync(ct);
            }
        }
        await tx.CommitAsync(ct);
        return (IReadOnlyList<(StoredReceipt, bool)>)results;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReceipt>> GetUnbatchedReceiptsAsync(ulong ackedBeforeNs, int limit, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, $"SELECT {StoreRows.ReceiptColumns} FROM receipts WHERE batch IS NULL AND acked_ns < @cut ORDER BY receipt_hash LIMIT @n",
            ("cut", ackedBeforeNs), ("n", limit));
        return await ReadReceipts(cmd, ct);
    });

    private static NpgsqlBatchCommand InsertReceipt(StoredReceipt stored)
    {
        var r = stored.Receipt;
        return BatchCommand("""
            INSERT INTO receipts (provider, receipt_id, receipt_hash, network_id, task_id, requester, requester_subaccount,
              workload, gpu_model, gpu_seconds, started_at_ns, ended_at_ns, fee_token, fee_amount, fee_block, result_hash,
              provider_signature, requester_public_key, requester_signature, acked_ns)
            VALUES (@p, @rid, @h, @net, @task, @req, @sub, @w, @g, @gs, @s, @e, @ft, @fa, @fb, @rh, @ps, @rk, @rs, @ack)
            ON CONFLICT (provider, receipt_id) DO NOTHING RETURNING id
            """,
            ("p", r.Provider.ToArray()), ("rid", r.ReceiptId), ("h", stored.ReceiptHash), ("net", r.NetworkId), ("task", r.TaskId),
            ("req", r.Requester.ToArray()), ("sub", r.RequesterSubaccount), ("w", r.Workload), ("g", r.GpuModel),
            ("gs", r.GpuSeconds), ("s", r.StartedAtNs), ("e", r.EndedAtNs), ("ft", r.FeeToken.ToArray()), ("fa", r.FeeAmount),
            ("fb", r.FeeBlock), ("rh", r.ResultHash), ("ps", r.ProviderSignature), ("rk", r.RequesterPublicKey), ("rs", r.RequesterSignature),
            ("ack", stored.AckedNs));
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
