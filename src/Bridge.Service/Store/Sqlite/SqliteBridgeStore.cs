using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Bridge.Core.Nodes;
using Bridge.Core.Receipts;
using Bridge.Service.Configuration;
using Icp.Candid;
using Microsoft.Data.Sqlite;

namespace Bridge.Service.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (readers never wait for the writer), a pooled connection per
/// operation, every write in one transaction. SQLite errors become <see cref="StoreUnavailableException"/>, except
/// constraint checks the callers rely on.
/// </summary>
public sealed partial class SqliteBridgeStore : IBridgeStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly string _cachePragma;

    /// <summary>A store over the SQLite database of <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">The SQLite connection string.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cacheMiB">
    /// Each connection's page cache (SQLite's default is 2 MiB). The receipts table's unique (provider, receipt_id) index is
    /// keyed by ids that nodes choose, in no order, so intake writes land on pages all over it: with a cache smaller than the indexes most inserts read a page back
    /// from the operating system first (about 5–8 % of the bridge's processor time per receipt at 184,000 receipts).
    /// </param>
    public SqliteBridgeStore(string connectionString, TimeProvider time, int cacheMiB = StoreOptions.DefaultSqliteCacheMiB)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheMiB, 1);
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 };
        _connectionString = builder.ToString();
        _time = time;
        _cachePragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size=-{cacheMiB * 1024}");
    }

    /// <inheritdoc />
    public long ActiveRoleToken => 1;

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken ct = default) => MigrateAsync(int.MaxValue, ct);

    /// <summary>Applies the migrations up to <paramref name="throughVersion"/> (tests start from an older schema with it).</summary>
    internal Task MigrateAsync(int throughVersion, CancellationToken ct = default) => Run(async c =>
    {
        await Exec(c, null, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", ct);
        long current = await Scalar<long?>(c, null, "SELECT MAX(version) FROM schema_version", ct) ?? 0;
        foreach (var (version, sql) in SqliteMigrations.All)
        {
            if (version <= current || version > throughVersion) continue;
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            await Exec(c, tx, sql, ct);
            await Exec(c, tx, "INSERT INTO schema_version (version) VALUES ($v)", ct, ("$v", version));
            await tx.CommitAsync(ct);
        }
        return 0;
    });

    /// <summary>The page cache of the connection an operation gets, in KiB (for tests: new and pooled connections alike).</summary>
    internal Task<long> GetCacheKiBAsync() => Run(async c => -await Scalar<long>(c, null, "PRAGMA cache_size", CancellationToken.None));

    /// <summary>The schema version applied (0 for an empty database).</summary>
    public Task<long> GetSchemaVersionAsync(CancellationToken ct = default) =>
        Run(async c => await Scalar<long?>(c, null, "SELECT MAX(version) FROM schema_version", ct) ?? 0);

    /// <inheritdoc />
    public Task PingAsync(CancellationToken ct = default) => Run(c => Scalar<long>(c, null, "SELECT COUNT(*) FROM schema_version", ct));

    /// <inheritdoc />
    public Task<string?> GetSettingAsync(string key, CancellationToken ct = default) =>
        Run(c => Scalar<string?>(c, null, "SELECT value FROM settings WHERE key = $k", ct, ("$k", key)));

    /// <inheritdoc />
    public Task SetSettingAsync(string key, string? value, CancellationToken ct = default) =>
        Run(c => Exec(c, null, "INSERT INTO settings (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
            ("$k", key), ("$v", value)));

    /// <inheritdoc />
    public Task SetSharedSettingAsync(string key, string? value, string eventKind, string eventSubject, string eventDetail, CancellationToken ct = default) =>
        Run(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            await Exec(c, tx, "INSERT INTO settings (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
                ("$k", key), ("$v", value));
            await AddEvent(c, tx, eventKind, eventSubject, eventDetail, ct);
            await tx.CommitAsync(ct);
            return 0;
        });

    /// <inheritdoc />
    public Task<RegisteredNode?> GetNodeAsync(Principal provider, CancellationToken ct = default) => Run(c => ReadNode(c, null, provider.ToArray(), ct));

    /// <inheritdoc />
    public Task<(RegisteredNode Node, bool Created)> AddNodeAsync(RegisteredNode node, ulong registeredNs, CancellationToken ct = default) => Run(async c =>
    {
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        var provider = node.Provider.ToArray();
        int added = await Exec(c, tx, "INSERT INTO nodes (provider, public_key, owner, registered_ns) VALUES ($p, $k, $o, $t) ON CONFLICT DO NOTHING", ct,
            ("$p", provider), ("$k", node.PublicKey), ("$o", node.Owner.ToArray()), ("$t", Ns(registeredNs)));
        var stored = await ReadNode(c, tx, provider, ct) ?? throw new StoreUnavailableException("a node vanished while it was stored");
        if (added == 1) await AddEvent(c, tx, "node_registered", node.Provider.ToString(), node.Owner.ToString(), ct);
        await tx.CommitAsync(ct);
        return (stored, added == 1);
    });

    /// <inheritdoc />
    public Task<StoredReceipt?> GetReceiptAsync(Principal provider, string receiptId, CancellationToken ct = default) => Run(async c =>
    {
        var list = await ReadReceipts(c, null, "WHERE provider = $p AND receipt_id = $r", ct, ("$p", provider.ToArray()), ("$r", receiptId));
        return list.Count == 0 ? null : list[0];
    });

    /// <summary>
    /// One transaction; the insert is prepared once for the whole group and run per receipt with new values (SQLite
    /// parses and plans a statement on every prepare, which cost more than the insert itself).
    /// </summary>
    public Task<IReadOnlyList<(StoredReceipt Stored, bool Created)>> AddReceiptsAsync(IReadOnlyList<StoredReceipt> receipts, CancellationToken ct = default) => Run(async c =>
    {
        var results = new List<(StoredReceipt, bool)>(receipts.Count);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        string[] names = ["$p", "$rid", "$h", "$net", "$task", "$req", "$sub", "$w", "$g", "$gs", "$s", "$e", "$ft", "$fa", "$fb", "$rh", "$ps", "$rk", "$rs", "$ack"];
        await using var insert = Command(c, tx, """
            INSERT INTO receipts (provider, receipt_id, receipt_hash, network_id, task_id, requester, requester_subaccount,
              workload, gpu_model, gpu_seconds, started_at_ns, ended_at_ns, fee_token, fee_amount, fee_block, result_hash,
              provider_signature, requester_public_key, requester_signature, acked_ns)
            VALUES ($p, $rid, $h, $net, $task, $req, $sub, $w, $g, $gs, $s, $e, $ft, $fa, $fb, $rh, $ps, $rk, $rs, $ack)
            ON CONFLICT (provider, receipt_id) DO NOTHING RETURNING id
            """, [.. names.Select(n => (n, (object?)null))]);
        insert.Prepare();
        var p = insert.Parameters;
        foreach (var stored in receipts)
        {
            ct.ThrowIfCancellationRequested();
            var r = stored.Receipt;
            var provider = r.Provider.ToArray();
            p[0].Value = provider;
            p[1].Value = r.ReceiptId;
            p[2].Value = stored.ReceiptHash;
            p[3].Value = r.NetworkId;
            p[4].Value = r.TaskId;
            p[5].Value = r.Requester.ToArray();
            p[6].Value = (object?)r.RequesterSubaccount ?? DBNull.Value;
            p[7].Value = r.Workload;
            p[8].Value = r.GpuModel;
            p[9].Value = Nat(r.GpuSeconds);
            p[10].Value = Nat(r.StartedAtNs);
            p[11].Value = Nat(r.EndedAtNs);
            p[12].Value = r.FeeToken.ToArray();
            p[13].Value = r.FeeAmount.ToString(CultureInfo.InvariantCulture);
            p[14].Value = r.FeeBlock is { } fb ? Nat(fb) : DBNull.Value;
            p[15].Value = r.ResultHash;
            p[16].Value = r.ProviderSignature;
            p[17].Value = (object?)r.RequesterPublicKey ?? DBNull.Value;
            p[18].Value = (object?)r.RequesterSignature ?? DBNull.Value;
            p[19].Value = Ns(stored.AckedNs);
            // SQLite runs in this process: the async form only wraps this call in a Task per row.
            object? id = insert.ExecuteScalar();
            if (id is long newId) results.Add((stored with { Id = newId }, true));
            else
            {
                var existing = await ReadReceipts(c, tx, "WHERE provider = $p AND receipt_id = $r", ct, ("$p", provider), ("$r", r.ReceiptId));
                results.Add((existing[0], false));
            }
        }
        await tx.CommitAsync(ct);
        return (IReadOnlyList<(StoredReceipt, bool)>)results;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReceipt>> GetUnbatchedReceiptsAsync(ulong ackedBeforeNs, int limit, CancellationToken ct = default) =>
        Run(c => ReadReceipts(c, null, UnbatchedWhere, ct, ("$cut", Ns(ackedBeforeNs)), ("$n", limit)));

    /// <summary>The batcher's read, through the partial index <c>receipts_unbatched</c> (query-plan tests explain it).</summary>
    internal const string UnbatchedWhere = "WHERE batch IS NULL AND acked_ns < $cut ORDER BY receipt_hash LIMIT $n";

    /// <inheritdoc />
    public Task AddBatchAsync(StoredBatch batch, IReadOnlyList<(long ReceiptId, byte[] Leaf)> leaves, CancellationToken ct = default) => Run(async c =>
    {
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        await Exec(c, tx, """
            INSERT INTO batches (sequence, previous_root, root, receipt_count, total_fees, total_gpu_seconds, window_start_ns,
              window_end_ns, state, reject_reason, posted_ns, final_after_ns)
            VALUES ($n, $prev, $root, $count, $fees, $gpu, $ws, $we, $state, $why, $posted, $final)
            """, ct, BatchParameters(batch));
        for (int i = 0; i < leaves.Count; i++)
        {
            await Exec(c, tx, "INSERT INTO batch_leaves (sequence, leaf_index, receipt, leaf) VALUES ($n, $i, $r, $leaf)", ct,
                ("$n", batch.Sequence), ("$i", i), ("$r", leaves[i].ReceiptId), ("$leaf", leaves[i].Leaf));
            int changed = await Exec(c, tx, "UPDATE receipts SET batch = $n, leaf_index = $i WHERE id = $r AND batch IS NULL", ct,
                ("$n", batch.Sequence), ("$i", i), ("$r", leaves[i].ReceiptId));
            if (changed != 1) throw new InvalidOperationException($"receipt {leaves[i].ReceiptId} is unknown or already in a batch");
        }
        await AddEvent(c, tx, "batch_cut", batch.Sequence.ToString(CultureInfo.InvariantCulture),
            $"{batch.ReceiptCount} receipts, root {Convert.ToHexStringLower(batch.Root)}", ct);
        await tx.CommitAsync(ct);
        return 0;
    });

    /// <inheritdoc />
    public Task<StoredBatch?> GetBatchAsync(long sequence, CancellationToken ct = default) => Run(async c =>
        (await ReadBatches(c, "WHERE sequence = $n", ct, ("$n", sequence))).FirstOrDefault());

    /// <inheritdoc />
    public Task<StoredBatch?> GetLastBatchAsync(CancellationToken ct = default) => Run(async c =>
        (await ReadBatches(c, "ORDER BY sequence DESC LIMIT 1", ct)).FirstOrDefault());

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredBatch>> ListBatchesAsync(long from, int limit, CancellationToken ct = default) =>
        Run(c => ReadBatches(c, "WHERE sequence >= $n ORDER BY sequence LIMIT $k", ct, ("$n", from), ("$k", limit)));

    /// <inheritdoc />
    public Task<IReadOnlyList<byte[]>> GetBatchLeavesAsync(long sequence, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, "SELECT leaf FROM batch_leaves WHERE sequence = $n ORDER BY leaf_index", ("$n", sequence));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var leaves = new List<byte[]>();
        while (await reader.ReadAsync(ct)) leaves.Add((byte[])reader[0]);
        return (IReadOnlyList<byte[]>)leaves;
    });

    /// <inheritdoc />
    public Task UpdateBatchAsync(StoredBatch batch, CancellationToken ct = default) => Run(async c =>
    {
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        int changed = await Exec(c, tx, "UPDATE batches SET state = $state, reject_reason = $why, posted_ns = $posted, final_after_ns = $final WHERE sequence = $n", ct,
            ("$n", batch.Sequence), ("$state", batch.State.ToString()), ("$why", batch.RejectReason),
            ("$posted", batch.PostedNs is { } p ? Ns(p) : null), ("$final", batch.FinalAfterNs is { } f ? Ns(f) : null));
        if (changed != 1) throw new InvalidOperationException($"batch {batch.Sequence} is unknown");
        await AddEvent(c, tx, "batch_" + batch.State.ToString().ToLowerInvariant(), batch.Sequence.ToString(CultureInfo.InvariantCulture), batch.RejectReason ?? "", ct);
        await tx.CommitAsync(ct);
        return 0;
    });

    /// <inheritdoc />
    public Task<(long First, long Last)?> GetBatchRangeAsync(ulong fromNs, ulong toNs, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, "SELECT MIN(sequence), MAX(sequence) FROM batches WHERE window_end_ns >= $a AND window_end_ns < $b",
            ("$a", Ns(fromNs)), ("$b", Ns(toNs)));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) && !r.IsDBNull(0) ? ((long, long)?)(r.GetInt64(0), r.GetInt64(1)) : null;
    });

    /// <inheritdoc />
    public Task<StoredEpoch?> GetEpochAsync(long epoch, CancellationToken ct = default) => Run(c => ReadEpoch(c, null, epoch, ct));

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredLine>> GetLinesAsync(long epoch, CancellationToken ct = default) =>
        Run(c => ReadLines(c, null, "WHERE epoch = $e ORDER BY line_index", ct, ("$e", epoch)));

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredLine>> GetAccountLinesAsync(byte[] owner, byte[]? subaccount, CancellationToken ct = default) =>
        Run(c => ReadLines(c, null, "WHERE owner = $o AND subaccount IS $s ORDER BY epoch, line_index", ct, ("$o", owner), ("$s", subaccount)));

    /// <inheritdoc />
    public Task<IReadOnlyList<IneligibleReceipt>> GetIneligibleAsync(long epoch, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, $"SELECT {StoreRows.IneligibleColumns} FROM ineligible WHERE epoch = $e ORDER BY provider, receipt_id", ("$e", epoch));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, StoreRows.Ineligible, ct);
    });

    private static async Task<IReadOnlyList<StoredLine>> ReadLines(SqliteConnection c, SqliteTransaction? tx, string where, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(c, tx, $"SELECT {StoreRows.LineColumns} FROM lines {where}", parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, Rows.Line, ct);
    }

    /// <inheritdoc />
    public Task<OutboxEntry> AddOutboxAsync(OutboxEntry entry, CancellationToken ct = default) => Run(async c =>
    {
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        await Exec(c, tx, """
            INSERT INTO outbox (kind, key, request_id, envelope, created_ns) VALUES ($k, $key, $id, $env, $t)
            ON CONFLICT (kind, key) DO UPDATE SET request_id = excluded.request_id, envelope = excluded.envelope,
              created_ns = excluded.created_ns, outcome = NULL, reply = NULL
            WHERE outbox.outcome = 'expired'
            """, ct,
            ("$k", entry.Kind), ("$key", entry.Key), ("$id", entry.RequestId), ("$env", entry.Envelope), ("$t", Ns(entry.CreatedNs)));
        var stored = await ReadOutbox(c, tx, entry.Kind, entry.Key, ct);
        await tx.CommitAsync(ct);
        return stored!;
    });

    /// <inheritdoc />
    public Task<OutboxEntry?> GetOutboxAsync(string kind, string key, CancellationToken ct = default) => Run(c => ReadOutbox(c, null, kind, key, ct));

    /// <inheritdoc />
    public Task CompleteOutboxAsync(string kind, string key, string outcome, byte[]? reply, CancellationToken ct = default) =>
        Run(c => Exec(c, null, "UPDATE outbox SET outcome = $o, reply = $r WHERE kind = $k AND key = $key", ct,
            ("$k", kind), ("$key", key), ("$o", outcome), ("$r", reply)));

    /// <inheritdoc />
    public Task AddEventAsync(string kind, string subject, string detail, CancellationToken ct = default) =>
        Run(async c => { await AddEvent(c, null, kind, subject, detail, ct); return 0; });

    /// <inheritdoc />
    public Task<StoreCounts> CountAsync(CancellationToken ct = default) => Run(async c => new StoreCounts(
        await Scalar<long>(c, null, "SELECT COUNT(*) FROM nodes", ct),
        await Scalar<long>(c, null, "SELECT COUNT(*) FROM receipts", ct),
        await Scalar<long>(c, null, "SELECT COUNT(*) FROM batches", ct),
        await Scalar<long>(c, null, "SELECT COUNT(*) FROM outbox", ct),
        await Scalar<long>(c, null, "SELECT COUNT(*) FROM events", ct)));

    private async Task AddEvent(SqliteConnection c, SqliteTransaction? tx, string kind, string subject, string detail, CancellationToken ct) =>
        await Exec(c, tx, "INSERT INTO events (at_ns, kind, subject, detail) VALUES ($t, $k, $s, $d)", ct,
            ("$t", Ns(NowNs())), ("$k", kind), ("$s", subject), ("$d", detail));

    private ulong NowNs() => (ulong)(_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static async Task<RegisteredNode?> ReadNode(SqliteConnection c, SqliteTransaction? tx, byte[] provider, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, $"SELECT {StoreRows.NodeColumns} FROM nodes WHERE provider = $p", ("$p", provider));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? StoreRows.Node(r) : null;
    }

    private static async Task<OutboxEntry?> ReadOutbox(SqliteConnection c, SqliteTransaction? tx, string kind, string key, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, $"SELECT {StoreRows.OutboxColumns} FROM outbox WHERE kind = $k AND key = $key", ("$k", kind), ("$key", key));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Rows.Outbox(r) : null;
    }

    private static async Task<IReadOnlyList<StoredReceipt>> ReadReceipts(SqliteConnection c, SqliteTransaction? tx, string where, CancellationToken ct,
        params (string, object?)[] parameters)
    {
        await using var cmd = Command(c, tx, $"SELECT {StoreRows.ReceiptColumns} FROM receipts {where}", parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, Rows.Receipt, ct);
    }

    private static async Task<IReadOnlyList<StoredBatch>> ReadBatches(SqliteConnection c, string where, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(c, null, $"SELECT {StoreRows.BatchColumns} FROM batches {where}", parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await StoreRows.ReadAllAsync(r, Rows.Batch, ct);
    }

    private static (string, object?)[] BatchParameters(StoredBatch b) =>
    [
        ("$n", b.Sequence), ("$prev", b.PreviousRoot), ("$root", b.Root), ("$count", b.ReceiptCount),
        ("$fees", b.TotalFees.ToString(CultureInfo.InvariantCulture)), ("$gpu", b.TotalGpuSeconds.ToString(CultureInfo.InvariantCulture)),
        ("$ws", Ns(b.WindowStartNs)), ("$we", Ns(b.WindowEndNs)), ("$state", b.State.ToString()), ("$why", b.RejectReason),
        ("$posted", b.PostedNs is { } p ? Ns(p) : null), ("$final", b.FinalAfterNs is { } f ? Ns(f) : null),
    ];

    // Sortable: 20 digits hold any unsigned 64-bit value.
    private static string Ns(ulong ns) => ns.ToString("D20", CultureInfo.InvariantCulture);

    private static string Nat(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static StoreRows Rows => SqliteRows.Instance;

    private static ulong ParseU64(string text) => ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static async Task<int> Exec(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(c, tx, sql, parameters);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> Scalar<T>(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(c, tx, sql, parameters);
        object? value = await cmd.ExecuteScalarAsync(ct);
        if (value is null or DBNull) return default!;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    // A pooled connection keeps its native handle, and with it its page cache: the pragma is set once per handle.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Tuned = new();
    private static readonly object TunedMark = new();

    private async Task<T> Run<T>(Func<SqliteConnection, Task<T>> work)
    {
        try
        {
            await using var c = new SqliteConnection(_connectionString);
            await c.OpenAsync();
            if (!Tuned.TryGetValue(c.Handle!, out _))
            {
                await using (var pragma = c.CreateCommand())
                {
                    pragma.CommandText = _cachePragma;
                    await pragma.ExecuteNonQueryAsync();
                }
                Tuned.AddOrUpdate(c.Handle!, TunedMark);
            }
            return await work(c);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException($"the SQLite store failed: {e.Message}", e);
        }
    }
}
