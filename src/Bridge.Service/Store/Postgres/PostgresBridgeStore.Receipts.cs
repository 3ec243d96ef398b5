using Bridge.Core.Receipts;
using Icp.Candid;
using Npgsql;
using static Bridge.Service.Store.Postgres.PostgresCommands;

namespace Bridge.Service.Store.Postgres;

public sealed partial class PostgresBridgeStore
{
    private const string ReceiptColumns = """
        id, provider, receipt_id, receipt_hash, network_id, task_id, requester, requester_subaccount, workload, gpu_model,
        gpu_seconds, started_at_ns, ended_at_ns, fee_token, fee_amount, fee_block, result_hash, provider_signature,
        requester_public_key, requester_signature, acked_ns, batch, leaf_index
        """;

    /// <inheritdoc />
    public Task<StoredReceipt?> GetReceiptAsync(Principal provider, string receiptId, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, $"SELECT {ReceiptColumns} FROM receipts WHERE provider = @p AND receipt_id = @r",
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
                read.BatchCommands.Add(BatchCommand($"SELECT {ReceiptColumns} FROM receipts WHERE provider = @p AND receipt_id = @r",
                    ("p", receipts[i].Receipt.Provider.ToArray()), ("r", receipts[i].Receipt.ReceiptId)));
            await using var r = await read.ExecuteReaderAsync(ct);
            foreach (int i in missing)
            {
                if (!await r.ReadAsync(ct)) throw new StoreUnavailableException($"receipt {receipts[i].Receipt.ReceiptId} conflicted but cannot be read back");
                results[i] = (ReadReceipt(r), false);
                await r.NextResultAsync(ct);
            }
        }
        await tx.CommitAsync(ct);
        return (IReadOnlyList<(StoredReceipt, bool)>)results;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReceipt>> GetUnbatchedReceiptsAsync(ulong ackedBeforeNs, int limit, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, $"SELECT {ReceiptColumns} FROM receipts WHERE batch IS NULL AND acked_ns < @cut ORDER BY receipt_hash LIMIT @n",
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
        var list = new List<StoredReceipt>();
        while (await r.ReadAsync(ct)) list.Add(ReadReceipt(r));
        return list;
    }

    private static StoredReceipt ReadReceipt(NpgsqlDataReader r)
    {
        var receipt = new Receipt
        {
            Provider = Principal.FromBytes((byte[])r[1]),
            ReceiptId = r.GetString(2),
            NetworkId = r.GetString(4),
            TaskId = r.GetString(5),
            Requester = Principal.FromBytes((byte[])r[6]),
            RequesterSubaccount = r.BytesOrNull(7),
            Workload = r.GetString(8),
            GpuModel = r.GetString(9),
            GpuSeconds = r.U64(10),
            StartedAtNs = r.U64(11),
            EndedAtNs = r.U64(12),
            FeeToken = Principal.FromBytes((byte[])r[13]),
            FeeAmount = (UInt128)r.Big(14),
            FeeBlock = r.U64OrNull(15),
            ResultHash = (byte[])r[16],
            ProviderSignature = (byte[])r[17],
            RequesterPublicKey = r.BytesOrNull(18),
            RequesterSignature = r.BytesOrNull(19),
        };
        return new StoredReceipt(r.GetInt64(0), receipt, (byte[])r[3], r.U64(20), r.IsDBNull(21) ? null : r.GetInt64(21), r.IsDBNull(22) ? null : r.GetInt64(22));
    }

    /// <summary>Bytewise order (as PostgreSQL orders bytea).</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
