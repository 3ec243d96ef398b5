using Bridge.Service.Leadership;
using static Bridge.Service.Store.Postgres.PostgresCommands;

namespace Bridge.Service.Store.Postgres;

public sealed partial class PostgresBridgeStore
{
    /// <summary>
    /// One UPDATE, judged by the database's clock: renew (same holder, not lapsed: token kept) or take over (free or
    /// lapsed: token + 1). Two instances racing for a lapsed lease serialize on the row; the second sees it held.
    /// </summary>
    public Task<LeaseGrant?> TryAcquireLeaseAsync(string holder, TimeSpan duration, CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, """
            UPDATE bridge_lease SET
              token = CASE WHEN holder = @h AND expires_at > now() THEN token ELSE token + 1 END,
              acquired_at = CASE WHEN holder = @h AND expires_at > now() THEN acquired_at ELSE now() END,
              holder = @h,
              expires_at = now() + @d
            WHERE name = 'active' AND (expires_at <= now() OR holder = @h)
            RETURNING holder, token, expires_at
            """, ("h", holder), ("d", duration));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            Interlocked.Exchange(ref _token, 0);
            return null;
        }
        var grant = new LeaseGrant(r.GetString(0), r.GetInt64(1), r.GetFieldValue<DateTimeOffset>(2));
        Interlocked.Exchange(ref _token, grant.Token);
        return grant;
    });

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string holder, CancellationToken ct = default) => Run(async c =>
    {
        long token = Interlocked.Exchange(ref _token, 0);
        return await Exec(c, null, "UPDATE bridge_lease SET expires_at = now() WHERE name = 'active' AND holder = @h AND token = @t AND expires_at > now()", ct,
            ("h", holder), ("t", token));
    });

    /// <inheritdoc />
    public Task<LeaseGrant> GetLeaseAsync(CancellationToken ct = default) => Run(async c =>
    {
        await using var cmd = Command(c, null, "SELECT holder, token, expires_at FROM bridge_lease WHERE name = 'active'");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw new StoreUnavailableException("the lease row is missing: the schema is not migrated");
        return new LeaseGrant(r.TextOrNull(0), r.GetInt64(1), r.IsDBNull(2) ? DateTimeOffset.MinValue : r.GetFieldValue<DateTimeOffset>(2));
    });
}
