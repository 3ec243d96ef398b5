namespace Bridge.Service.Leadership;

/// <summary>The active role's lease as the database holds it.</summary>
/// <param name="Holder">The instance that holds it (null before anyone took it).</param>
/// <param name="Token">The fencing token: incremented on every takeover, kept on renewal.</param>
/// <param name="ExpiresAt">When it lapses by the database's clock unless renewed.</param>
public sealed record LeaseGrant(string? Holder, long Token, DateTimeOffset ExpiresAt);
