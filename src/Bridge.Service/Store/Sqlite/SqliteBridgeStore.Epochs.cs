using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Bridge.Service.Store.Sqlite;

public sealed partial class SqliteBridgeStore
{
    /// <inheritdoc />
    public Task<StoredEpoch?> GetLastEpochAsync(CancellationToken ct = default) => Run(async c =>
    {
        long? last = await Scalar<long?>(c, null, "SELECT MAX(epoch) FROM epochs", ct);
        return last is { } e ? await ReadEpoch(c, null, e, ct) : null;
    });

    /// <inheritdoc />
    public Task<bool> AddEpochAsync(StoredEpoch epoch, IReadOnlyList<StoredLine> lines, IReadOnlyList<IneligibleReceipt> ineligible,
        CancellationToken ct = default) => Run(async c =>
    {
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        int added = await Exec(c, tx, """
            INSERT INTO epochs (epoch, first_batch, last_batch, state, distribution_root, total_payout, settled_ns)
            VALUES ($e, $first, $last, $state, $root, $total, $t) ON CONFLICT DO NOTHING
            """, ct,
            ("$e", epoch.Epoch), ("$first", epoch.FirstBatch), ("$last", epoch.LastBatch), ("$state", epoch.State),
            ("$root", epoch.DistributionRoot), ("$total", epoch.TotalPayout.ToString(CultureInfo.InvariantCulture)), ("$t", Ns(NowNs())));
        if (added == 0) return false;
        foreach (var l in lines)
        {
            if (l.Epoch != epoch.Epoch) throw new ArgumentException($"line {l.Index} belongs to epoch {l.Epoch}, not {epoch.Epoch}", nameof(lines));
            await Exec(c, tx, """
                INSERT INTO lines (epoch, line_index, owner, subaccount, amount, line_hash, created_at_time, fee, status, block_index, reason,
                  reconcile_from_block)
                VALUES ($e, $i, $o, $s, $a, $h, $t, $f, $st, $b, $r, $from)
                """, ct, LineParameters(l));
        }
        foreach (var i in ineligible)
            await Exec(c, tx, "INSERT INTO ineligible (epoch, provider, receipt_id, reason) VALUES ($e, $p, $id, $r)", ct,
                ("$e", epoch.Epoch), ("$p", i.Provider), ("$id", i.ReceiptId), ("$r", i.Reason));
        await AddEvent(c, tx, "epoch_" + epoch.State, epoch.Epoch.ToString(CultureInfo.InvariantCulture),
            $"{lines.Count} lines, {ineligible.Count} ineligible, total {epoch.TotalPayout}, root {Convert.ToHexStringLower(epoch.DistributionRoot)}", ct);
        await tx.CommitAsync(ct);
        return true;
    });

    /// <inheritdoc />
    public Task<StoredEpoch?> GetFirstUnpaidEpochAsync(CancellationToken ct = default) => Run(async c =>
    {
        long? first = await Scalar<long?>(c, null, "SELECT MIN(epoch) FROM epochs WHERE state <> 'paid'", ct);
        return first is { } e ? await ReadEpoch(c, null, e, ct) : null;
    });

    /// <inheritdoc />
    public Task<bool> UpdateEpochStateAsync(long epoch, string state, CancellationToken ct = default) => Run(async c =>
    {
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        string column = state == "posted" ? ", posted_ns = $t" : "";
        string unlessPending = state == "paid" ? " AND NOT EXISTS (SELECT 1 FROM lines WHERE epoch = $e AND status = 'pending')" : "";
        int changed = await Exec(c, tx, $"UPDATE epochs SET state = $state{column} WHERE epoch = $e{unlessPending}", ct,
            ("$e", epoch), ("$state", state), ("$t", Ns(NowNs())));
        if (changed != 1 && await ReadEpoch(c, tx, epoch, ct) is null) throw new InvalidOperationException($"epoch {epoch} is not stored");
        if (changed != 1) return false;
        await AddEvent(c, tx, "epoch_" + state, epoch.ToString(CultureInfo.InvariantCulture), "", ct);
        await tx.CommitAsync(ct);
        return true;
    });

    /// <inheritdoc />
    public Task<(StoredLine? Line, bool Released)> ReleaseHeldLineAsync(long epoch, long index, string by, CancellationToken ct = default) => Run(async c =>
    {
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        var line = (await ReadLines(c, tx, "WHERE epoch = $e AND line_index = $i", ct, ("$e", epoch), ("$i", index))).SingleOrDefault();
        if (line is not { Status: "held" }) return (line, false);
        await Exec(c, tx, "UPDATE lines SET status = 'pending', reason = NULL WHERE epoch = $e AND line_index = $i", ct, ("$e", epoch), ("$i", index));
        await Exec(c, tx, "UPDATE epochs SET state = 'posted' WHERE epoch = $e AND state = 'paid'", ct, ("$e", epoch));
        await AddEvent(c, tx, "line_released", $"{epoch}/{index}", $"held for: {line.Reason}; released by {by}", ct);
        await tx.CommitAsync(ct);
        return (line, true);
    });

    /// <inheritdoc />
    public Task UpdateLineAsync(StoredLine line, CancellationToken ct = default) => Run(async c =>
    {
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        int changed = await Exec(c, tx, """
            UPDATE lines SET created_at_time = $t, fee = $f, status = $st, block_index = $b, reason = $r, reconcile_from_block = $from
            WHERE epoch = $e AND line_index = $i AND line_hash = $h
            """, ct, LineParameters(line));
        if (changed != 1) throw new InvalidOperationException($"epoch {line.Epoch} has no line {line.Index} with that line_hash");
        await AddEvent(c, tx, "line_" + line.Status, $"{line.Epoch}/{line.Index}",
            line.BlockIndex is { } b ? $"block {b}" : line.Reason ?? $"created_at_time {line.CreatedAtTimeNs}, fee {line.Fee}", ct);
        await tx.CommitAsync(ct);
        return 0;
    });

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> CountLinesAsync(CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, "SELECT status, COUNT(*) FROM lines GROUP BY status");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, long>();
        while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt64(1);
        return (IReadOnlyDictionary<string, long>)counts;
    });

    private static async Task<StoredEpoch?> ReadEpoch(SqliteConnection c, SqliteTransaction? tx, long epoch, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, $"SELECT {StoreRows.EpochColumns} FROM epochs WHERE epoch = $e", ("$e", epoch));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Rows.Epoch(r) : null;
    }

    private static (string, object?)[] LineParameters(StoredLine l) =>
    [
        ("$e", l.Epoch), ("$i", l.Index), ("$o", l.Owner), ("$s", l.Subaccount), ("$a", l.Amount.ToString(CultureInfo.InvariantCulture)),
        ("$h", l.LineHash), ("$t", Ns(l.CreatedAtTimeNs)), ("$f", l.Fee.ToString(CultureInfo.InvariantCulture)), ("$st", l.Status),
        ("$b", l.BlockIndex?.ToString(CultureInfo.InvariantCulture)), ("$r", l.Reason),
        ("$from", l.ReconcileFromBlock?.ToString(CultureInfo.InvariantCulture)),
    ];
}
