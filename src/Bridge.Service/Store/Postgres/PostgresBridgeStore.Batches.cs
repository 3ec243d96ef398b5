using System.Globalization;
using Npgsql;
using static Bridge.Service.Store.Postgres.PostgresCommands;

namespace Bridge.Service.Store.Postgres;

public sealed partial class PostgresBridgeStore
{
    /// <inheritdoc />
    public Task AddBatchAsync(StoredBatch batch, IReadOnlyList<(long ReceiptId, byte[] Leaf)> leaves, CancellationToken ct = default) => RunFenced(async (c, tx) =>
    {
        var b = batch;
        await Exec(c, tx, $"""
            INSERT INTO batches ({StoreRows.BatchColumns})
            VALUES (@n, @prev, @root, @count, @fees, @gpu, @ws, @we, @state, @why, @posted, @final)
            """, ct,
            ("n", b.Sequence), ("prev", b.PreviousRoot), ("root", b.Root), ("count", b.ReceiptCount), ("fees", b.TotalFees),
            ("gpu", b.TotalGpuSeconds), ("ws", b.WindowStartNs), ("we", b.WindowEndNs), ("state", b.State.ToString()),
            ("why", b.RejectReason), ("posted", b.PostedNs), ("final", b.FinalAfterNs));
        if (leaves.Count > 0)
        {
            long[] ids = [.. leaves.Select(l => l.ReceiptId)];
            long[] indexes = [.. Enumerable.Range(0, leaves.Count).Select(i => (long)i)];
            byte[][] bytes = [.. leaves.Select(l => l.Leaf)];
            await Exec(c, tx, """
                INSERT INTO batch_leaves (sequence, leaf_index, receipt, leaf)
                SELECT @n, t.i, t.r, t.leaf FROM unnest(@i, @r, @leaf) AS t(i, r, leaf)
                """, ct, ("n", b.Sequence), ("i", indexes), ("r", ids), ("leaf", bytes));
            int changed = await Exec(c, tx, """
                UPDATE receipts SET batch = @n, leaf_index = t.i FROM unnest(@i, @r) AS t(i, r)
                WHERE receipts.id = t.r AND receipts.batch IS NULL
                """, ct, ("n", b.Sequence), ("i", indexes), ("r", ids));
            if (changed != leaves.Count)
                throw new InvalidOperationException($"batch {b.Sequence}: {leaves.Count - changed} of its receipts are unknown or already in a batch");
        }
        await AddEvent(c, tx, "batch_cut", b.Sequence.ToString(CultureInfo.InvariantCulture),
            $"{b.ReceiptCount} receipts, root {Convert.ToHexStringLower(b.Root)}", ct);
        return 0;
    }, ct);

    /// <inheritdoc />
    public Task<StoredBatch?> GetBatchAsync(long sequence, CancellationToken ct = default) => Run(async c =>
        (await ReadBatches(c, "WHERE sequence = @n", ct, ("n", sequence))).FirstOrDefault());

    /// <inheritdoc />
    public Task<StoredBatch?> GetLastBatchAsync(CancellationToken ct = default) => Run(async c =>
        (await ReadBatches(c, "ORDER BY sequence DESC LIMIT 1", ct)).FirstOrDefault());

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredBatch>> ListBatchesAsync(long from, int limit, CancellationToken ct = default) =>
        Run(c => ReadBatches(c, "WHERE sequence >= @n ORDER BY sequence LIMIT @k", ct, ("n", from), ("k", limit)));

    /// <inheritdoc />
    public Task<IReadOnlyList<byte[]>> GetBatchLeavesAsync(long sequence, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, "SELECT leaf FROM batch_leaves WHERE sequence = @n ORDER BY leaf_index", ("n", sequence));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var leaves = new List<byte[]>();
        while (await reader.ReadAsync(ct)) leaves.Add((byte[])reader[0]);
        return (IReadOnlyList<byte[]>)leaves;
    });

    /// <inheritdoc />
    public Task UpdateBatchAsync(StoredBatch batch, CancellationToken ct = default) => RunFenced(async (c, tx) =>
    {
        int changed = await Exec(c, tx, "UPDATE batches SET state = @state, reject_reason = @why, posted_ns = @posted, final_after_ns = @final WHERE sequence = @n", ct,
            ("n", batch.Sequence), ("state", batch.State.ToString()), ("why", batch.RejectReason), ("posted", batch.PostedNs), ("final", batch.FinalAfterNs));
        if (changed != 1) throw new InvalidOperationException($"batch {batch.Sequence} is unknown");
        await AddEvent(c, tx, "batch_" + batch.State.ToString().ToLowerInvariant(), batch.Sequence.ToString(CultureInfo.InvariantCulture), batch.RejectReason ?? "", ct);
        return 0;
    }, ct);

    /// <inheritdoc />
    public Task<(long First, long Last)?> GetBatchRangeAsync(ulong fromNs, ulong toNs, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, "SELECT MIN(sequence), MAX(sequence) FROM batches WHERE window_end_ns >= @a AND window_end_ns < @b",
            ("a", fromNs), ("b", toNs));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) && !r.IsDBNull(0) ? ((long, long)?)(r.GetInt64(0), r.GetInt64(1)) : null;
    });

    /// <inheritdoc />
    public Task<StoredEpoch?> GetEpochAsync(long epoch, CancellationToken ct = default) => Run(c => ReadEpoch(c, null, epoch, ct));

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredLine>> GetLinesAsync(long epoch, CancellationToken ct = default) =>
        Run(c => ReadLines(c, null, "WHERE epoch = @e ORDER BY line_index", ct, ("e", epoch)));

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredLine>> GetAccountLinesAsync(byte[] owner, byte[]? subaccount, CancellationToken ct = default) =>
        Run(c => ReadLines(c, null, "WHERE owner = @o AND subaccount IS NOT DISTINCT FROM @s::bytea ORDER BY epoch, line_index", ct, ("o", owner), ("s", subaccount)));

    /// <inheritdoc />
    public Task<IReadOnlyList<IneligibleReceipt>> GetIneligibleAsync(long epoch, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, $"SELECT {StoreRows.IneligibleColumns} FROM ineligible WHERE epoch = @e ORDER BY provider, receipt_id", ("e", epoch));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, StoreRows.Ineligible, ct);
    });

    private static async Task<IReadOnlyList<StoredLine>> ReadLines(NpgsqlConnection c, NpgsqlTransaction? tx, string where, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(c, tx, $"SELECT {StoreRows.LineColumns} FROM lines {where}", parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, Rows.Line, ct);
    }

    private static async Task<IReadOnlyList<StoredBatch>> ReadBatches(NpgsqlConnection c, string where, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(c, null, $"SELECT {StoreRows.BatchColumns} FROM batches {where}", parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, Rows.Batch, ct);
    }
}
