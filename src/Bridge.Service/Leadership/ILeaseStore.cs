namespace Bridge.Service.Leadership;

/// <summary>
/// A store shared by several bridge instances keeps the active role's lease in one database row: a holder, a fencing
/// token and an expiry, all judged by the database's clock. The store remembers the token of its last grant and checks
/// it in the same transaction as every write of the active role (batches, outbox, settings, events, epochs, lines), so
/// once another instance took the lease over, this one's writes fail with
/// <see cref="Store.LeaseLostException"/> and change nothing.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Renews the lease when <paramref name="holder"/> holds it and it has not lapsed (same token), or takes it when it
    /// is free or lapsed (token + 1); either way it lapses <paramref name="duration"/> after the database's
    /// <c>now()</c>. Null when another instance holds it: this store's token is then cleared.
    /// </summary>
    Task<LeaseGrant?> TryAcquireLeaseAsync(string holder, TimeSpan duration, CancellationToken ct = default);

    /// <summary>Lets the lease lapse now if <paramref name="holder"/> holds it, so another instance takes over at once.</summary>
    Task ReleaseLeaseAsync(string holder, CancellationToken ct = default);

    /// <summary>The lease row as it is now.</summary>
    Task<LeaseGrant> GetLeaseAsync(CancellationToken ct = default);
}
