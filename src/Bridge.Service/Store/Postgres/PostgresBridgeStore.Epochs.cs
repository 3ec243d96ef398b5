using System.Globalization;
using Npgsql;
using static Bridge.Service.Store.Postgres.PostgresCommands;

namespace Bridge.Service.Store.Postgres;

public sealed partial class PostgresBridgeStore
{
    /// <inheritdoc />
    public Task<StoredEpoch?> GetLastEpochAsync(CancellationToken ct = default) => Run(async c =>
        await Scalar(c, null, "SELECT MAX(epoch) FROM epochs", ct) is long last ? await ReadEpoch(c, null, last, ct) : null);

    /// <inheritdoc />
    public Task<bool> AddEpochAsync(StoredEpoch epoch, IReadOnlyList<StoredLine> lines, IReadOnlyList<IneligibleReceipt> ineligible,
        CancellationToken ct = default) => RunFenced(async (c, tx) =>
    {
        int added = await Exec(c, tx, """
            INSERT INTO epochs (epoch, first_batch, last_batch, state, distribution_root, total_payout, settled_ns)
            VALUES (@e, @first, @last, @state, @root, @total, @t) ON CONFLICT DO NOTHING
            """, ct,
            ("e", epoch.Epoch), ("first", epoch.FirstBatch), ("last", epoch.LastBatch), ("state", epoch.State),
            ("root", epoch.DistributionRoot), ("total", epoch.TotalPayout), ("t", NowNs()));
        if (added == 0) return false;
        foreach (var l in lines)
        {
            if (l.Epoch != epoch.Epoch) throw new ArgumentException($"line {l.Index} belongs to epoch {l.Epoch}, not {epoch.Epoch}", nameof(lines));
            await Exec(c, tx, """
                INSERT INTO lines (epoch, line_index, owner, subaccount, amount, line_hash, created_at_time, fee, status, block_index, reason,
                  reconcile_from_block)
                VALUES (@e, @i, @o, @s, @a, @h, @t, @f, @st, @b, @r, @from)
                """, ct, LineParameters(l));
        }
        foreach (var i in ineligible)
            await Exec(c, tx, "INSERT INTO ineligible (epoch, provider, receipt_id, reason) VALUES (@e, @p, @id, @r)", ct,
                ("e", epoch.Epoch), ("p", i.Provider), ("id", i.ReceiptId), ("r", i.Reason));
        await AddEvent(c, tx, "epoch_" + epoch.State, epoch.Epoch.ToString(CultureInfo.InvariantCulture),
            $"{lines.Count} lines, {ineligible.Count} ineligible, total {epoch.TotalPayout}, root {Convert.ToHexStringLower(epoch.DistributionRoot)}", ct);
        return true;
    }, ct);

    /// <inheritdoc />
    public Task UpdateEpochStateAsync(long epoch, string state, CancellationToken ct = default) => RunFenced(async (c, tx) =>
    {
        string column = state == "posted" ? ", posted_ns = @t" : "";
        int changed = await Exec(c, tx, $"UPDATE epochs SET state = @state{column} WHERE epoch = @e", ct,
            ("e", epoch), ("state", state), ("t", NowNs()));
        if (changed != 1) throw new InvalidOperationException($"epoch {epoch} is not stored");
        await AddEvent(c, tx, "epoch_" + state, epoch.ToString(CultureInfo.InvariantCulture), "", ct);
        return 0;
    }, ct);

    /// <inheritdoc />
    public Task UpdateLineAsync(StoredLine line, CancellationToken ct = default) => RunFenced(async (c, tx) =>
    {
        int changed = await Exec(c, tx, """
            UPDATE lines SET created_at_time = @t, fee = @f, status = @st, block_index = @b, reason = @r, reconcile_from_block = @from
            WHERE epoch = @e AND line_index = @i AND line_hash = @h
            """, ct, LineParameters(line));
        if (changed != 1) throw new InvalidOperationException($"epoch {line.Epoch} has no line {line.Index} with that line_hash");
        await AddEvent(c, tx, "line_" + line.Status, $"{line.Epoch}/{line.Index}",
            line.BlockIndex is { } b ? $"block {b}" : line.Reason ?? $"created_at_time {line.CreatedAtTimeNs}, fee {line.Fee}", ct);
        return 0;
    }, ct);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> CountLinesAsync(CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, "SELECT status, COUNT(*) FROM lines GROUP BY status");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, long>();
        while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt64(1);
        return (IReadOnlyDictionary<string, long>)counts;
    });

    private static async Task<StoredEpoch?> ReadEpoch(NpgsqlConnection c, NpgsqlTransaction? tx, long epoch, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, "SELECT epoch, first_batch, last_batch, state, distribution_root, total_payout FROM epochs WHERE epoch = @e", ("e", epoch));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new StoredEpoch(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), (byte[])r[4], r.Big(5));
    }

    private static (string, object?)[] LineParameters(StoredLine l) =>
    [
        ("e", l.Epoch), ("i", l.Index), ("o", l.Owner), ("s", l.Subaccount), ("a", l.Amount), ("h", l.LineHash), ("t", l.CreatedAtTimeNs),
        ("f", l.Fee), ("st", l.Status), ("b", l.BlockIndex), ("r", l.Reason), ("from", l.ReconcileFromBlock),
    ];
}
