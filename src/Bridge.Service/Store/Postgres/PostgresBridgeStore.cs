using Bridge.Core.Nodes;
using Bridge.Service.Leadership;
using Icp.Candid;
using Npgsql;
using static Bridge.Service.Store.Postgres.PostgresCommands;

namespace Bridge.Service.Store.Postgres;

/// <summary>
/// The replicated store: PostgreSQL, shared by any number of bridge instances. All of them take receipts (node and
/// receipt writes are safe concurrently: <c>INSERT … ON CONFLICT DO NOTHING</c>, then the row read back decides 202,
/// 200 or 409). One of them holds the active role through the lease (<see cref="ILeaseStore"/>); every write of the
/// active role (batches, outbox, settings, events, epochs, lines) first locks the lease row <c>FOR SHARE</c> in its
/// own transaction and goes on only if the lease still carries this store's fencing token and has not lapsed, so a
/// takeover waits for such a write to commit and every later one fails with <see cref="LeaseLostException"/>.
/// Connections come from one <see cref="NpgsqlDataSource"/> (multi-host strings work, see
/// <see cref="PostgresDataSource"/>); PostgreSQL errors become <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed partial class PostgresBridgeStore : IBridgeStore, ILeaseStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private long _token;

    /// <summary>A store over the PostgreSQL database of <paramref name="connectionString"/> (an Npgsql connection string).</summary>
    public PostgresBridgeStore(string connectionString, TimeProvider time)
    {
        _source = PostgresDataSource.Create(connectionString);
        _time = time;
    }

    /// <summary>The fencing token of the lease this store holds (0 when it holds none).</summary>
    public long ActiveRoleToken => Interlocked.Read(ref _token);

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken ct = default) => MigrateAsync(int.MaxValue, ct);

    /// <summary>Applies the migrations up to <paramref name="throughVersion"/> (tests start from an older schema with it).</summary>
    internal Task MigrateAsync(int throughVersion, CancellationToken ct = default) => Run(async c =>
    {
        // Session-level: held across the migrations' own transactions; released when the connection closes at worst.
        const string Key = "hashtextextended('bridge.schema_migrations:' || current_schema(), 0)";
        await Exec(c, null, $"SELECT pg_advisory_lock({Key})", ct);
        try
        {
            await Exec(c, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", ct);
            int current = (int)(await Scalar(c, null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", ct))!;
            int known = PostgresMigrations.All[^1].Version;
            if (current > known)
                throw new StoreUnavailableException($"the database's schema is at version {current}, newer than this bridge's {known}: run a newer bridge");
            foreach (var (version, sql) in PostgresMigrations.All)
            {
                if (version <= current || version > throughVersion) continue;
                await using var tx = await c.BeginTransactionAsync(ct);
                await Exec(c, tx, sql, ct);
                await Exec(c, tx, "INSERT INTO schema_migrations (version) VALUES (@v)", ct, ("v", version));
                await tx.CommitAsync(ct);
            }
        }
        finally
        {
            await Exec(c, null, $"SELECT pg_advisory_unlock({Key})", CancellationToken.None);
        }
        return 0;
    });

    /// <summary>The schema version applied (0 for an empty database).</summary>
    public Task<long> GetSchemaVersionAsync(CancellationToken ct = default) => Run(async c =>
        await Scalar(c, null, "SELECT to_regclass('schema_migrations') IS NOT NULL", ct) is true
            ? Convert.ToInt64(await Scalar(c, null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", ct))
            : 0L);

    /// <inheritdoc />
    public Task PingAsync(CancellationToken ct = default) => Run(c => Scalar(c, null, "SELECT COUNT(*) FROM schema_migrations", ct));

    /// <inheritdoc />
    public Task<string?> GetSettingAsync(string key, CancellationToken ct = default) =>
        Run(async c => (string?)await Scalar(c, null, "SELECT value FROM settings WHERE key = @k", ct, ("k", key)));

    /// <inheritdoc />
    public Task SetSettingAsync(string key, string? value, CancellationToken ct = default) =>
        RunFenced((c, tx) => Exec(c, tx, "INSERT INTO settings (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
            ("k", key), ("v", value)), ct);

    /// <inheritdoc />
    public Task SetSharedSettingAsync(string key, string? value, string eventKind, string eventSubject, string eventDetail, CancellationToken ct = default) =>
        Run(async c =>
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            await Exec(c, tx, "INSERT INTO settings (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
                ("k", key), ("v", value));
            await AddEvent(c, tx, eventKind, eventSubject, eventDetail, ct);
            await tx.CommitAsync(ct);
            return 0;
        });

    /// <inheritdoc />
    public Task<RegisteredNode?> GetNodeAsync(Principal provider, CancellationToken ct = default) => Run(c => ReadNode(c, null, provider.ToArray(), ct));

    /// <inheritdoc />
    public Task<(RegisteredNode Node, bool Created)> AddNodeAsync(RegisteredNode node, ulong registeredNs, CancellationToken ct = default) => Run(async c =>
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        var provider = node.Provider.ToArray();
        int added = await Exec(c, tx, "INSERT INTO nodes (provider, public_key, owner, registered_ns) VALUES (@p, @k, @o, @t) ON CONFLICT DO NOTHING", ct,
            ("p", provider), ("k", node.PublicKey), ("o", node.Owner.ToArray()), ("t", registeredNs));
        var stored = await ReadNode(c, tx, provider, ct) ?? throw new StoreUnavailableException("a node vanished while it was stored");
        if (added == 1) await AddEvent(c, tx, "node_registered", node.Provider.ToString(), node.Owner.ToString(), ct);
        await tx.CommitAsync(ct);
        return (stored, added == 1);
    });

    /// <inheritdoc />
    public Task<OutboxEntry> AddOutboxAsync(OutboxEntry entry, CancellationToken ct = default) => RunFenced(async (c, tx) =>
    {
        await Exec(c, tx, """
            INSERT INTO outbox (kind, key, request_id, envelope, created_ns) VALUES (@k, @key, @id, @env, @t)
            ON CONFLICT (kind, key) DO UPDATE SET request_id = excluded.request_id, envelope = excluded.envelope,
              created_ns = excluded.created_ns, outcome = NULL, reply = NULL
            WHERE outbox.outcome = 'expired'
            """, ct,
            ("k", entry.Kind), ("key", entry.Key), ("id", entry.RequestId), ("env", entry.Envelope), ("t", entry.CreatedNs));
        return (await ReadOutbox(c, tx, entry.Kind, entry.Key, ct))!;
    }, ct);

    /// <inheritdoc />
    public Task<OutboxEntry?> GetOutboxAsync(string kind, string key, CancellationToken ct = default) => Run(c => ReadOutbox(c, null, kind, key, ct));

    /// <inheritdoc />
    public Task CompleteOutboxAsync(string kind, string key, string outcome, byte[]? reply, CancellationToken ct = default) =>
        RunFenced((c, tx) => Exec(c, tx, "UPDATE outbox SET outcome = @o, reply = @r WHERE kind = @k AND key = @key", ct,
            ("k", kind), ("key", key), ("o", outcome), ("r", reply)), ct);

    /// <inheritdoc />
    public Task AddEventAsync(string kind, string subject, string detail, CancellationToken ct = default) =>
        RunFenced(async (c, tx) => { await AddEvent(c, tx, kind, subject, detail, ct); return 0; }, ct);

    /// <inheritdoc />
    public Task<StoreCounts> CountAsync(CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, """
            SELECT (SELECT COUNT(*) FROM nodes), (SELECT COUNT(*) FROM receipts), (SELECT COUNT(*) FROM batches),
                   (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM events)
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new StoreCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
    });

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private async Task AddEvent(NpgsqlConnection c, NpgsqlTransaction? tx, string kind, string subject, string detail, CancellationToken ct) =>
        await Exec(c, tx, "INSERT INTO events (at_ns, kind, subject, detail) VALUES (@t, @k, @s, @d)", ct,
            ("t", NowNs()), ("k", kind), ("s", subject), ("d", detail));

    private ulong NowNs() => (ulong)(_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static async Task<RegisteredNode?> ReadNode(NpgsqlConnection c, NpgsqlTransaction? tx, byte[] provider, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, $"SELECT {StoreRows.NodeColumns} FROM nodes WHERE provider = @p", ("p", provider));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? StoreRows.Node(r) : null;
    }

    private static async Task<OutboxEntry?> ReadOutbox(NpgsqlConnection c, NpgsqlTransaction? tx, string kind, string key, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, $"SELECT {StoreRows.OutboxColumns} FROM outbox WHERE kind = @k AND key = @key", ("k", kind), ("key", key));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Rows.Outbox(r) : null;
    }

    private static StoreRows Rows => PostgresRows.Instance;

    /// <summary>One operation on a pooled connection; PostgreSQL and connection errors become <see cref="StoreUnavailableException"/>.</summary>
    private async Task<T> Run<T>(Func<NpgsqlConnection, Task<T>> work)
    {
        try
        {
            await using var c = await _source.OpenConnectionAsync();
            return await work(c);
        }
        catch (NpgsqlException e)
        {
            throw new StoreUnavailableException($"the PostgreSQL store failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// A write of the active role: one transaction that first locks the lease row FOR SHARE and checks this store's
    /// token and the expiry (a takeover's UPDATE waits for the lock, so it comes wholly before or wholly after this
    /// write), then does <paramref name="work"/> and commits.
    /// </summary>
    private Task<T> RunFenced<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct) => Run(async c =>
    {
        long token = ActiveRoleToken;
        await using var tx = await c.BeginTransactionAsync(ct);
        var held = await Scalar(c, tx, "SELECT token FROM bridge_lease WHERE name = 'active' AND token = @t AND expires_at > now() FOR SHARE", ct, ("t", token));
        if (held is null) throw new LeaseLostException(token);
        var result = await work(c, tx);
        await tx.CommitAsync(ct);
        return result;
    });
}
