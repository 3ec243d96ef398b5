using Icp.Candid;

namespace Icp.Replica;

/// <summary>
/// A <see cref="LocalReplica"/> as an <see cref="ICanisterTransport"/>: generated clients talk to canisters on the
/// in-process replica exactly as they talk to the IC through the HTTP agent, as the given sender.
/// </summary>
public sealed class LocalReplicaTransport(LocalReplica replica, Principal? sender = null) : ICanisterTransport
{
    /// <summary>The principal calls are sent as (anonymous when null).</summary>
    public Principal? Sender { get; } = sender;

    /// <inheritdoc />
    public Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct) =>
        replica.UpdateCallAsync(canister, method, arg, Sender, ct);

    /// <inheritdoc />
    public Task<byte[]> QueryAsync(Principal canister, string method, byte[] arg, CancellationToken ct) =>
        replica.QueryCallAsync(canister, method, arg, Sender, ct);
}

/// <summary>Shortcuts for <see cref="LocalReplicaTransport"/>.</summary>
public static class LocalReplicaTransportExtensions
{
    /// <summary>The replica as a transport for generated clients, calling as <paramref name="sender"/> (anonymous when null).</summary>
    public static ICanisterTransport AsTransport(this LocalReplica replica, Principal? sender = null) => new LocalReplicaTransport(replica, sender);
}
