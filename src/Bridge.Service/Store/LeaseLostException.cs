namespace Bridge.Service.Store;

/// <summary>
/// A write of the active role was refused because the fencing token it carried is no longer the lease's (another
/// instance took the active role over, or the lease lapsed): nothing of it was written.
/// </summary>
public sealed class LeaseLostException(long token)
    : Exception($"the active role's lease is no longer held with fencing token {token} (taken over or lapsed); nothing was written")
{
    /// <summary>The token the refused write carried.</summary>
    public long Token { get; } = token;
}
