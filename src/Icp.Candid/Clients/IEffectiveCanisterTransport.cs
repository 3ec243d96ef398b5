namespace Icp.Candid;

/// <summary>
/// An <see cref="ICanisterTransport"/> that can route a call by an effective canister id other than the canister
/// called. The IC needs this for the management canister <c>aaaaa-aa</c>: a call to it is sent to the subnet of
/// the canister it concerns (its <c>canister_id</c> argument). <c>IcpAgent</c> implements it; a transport without
/// routing (the in-process replica) does not need to.
/// </summary>
public interface IEffectiveCanisterTransport : ICanisterTransport
{
    /// <summary>Calls an update method, routed to <paramref name="effectiveCanisterId"/>.</summary>
    /// <param name="canister">The canister called (for example <see cref="Principal.ManagementCanister"/>).</param>
    /// <param name="effectiveCanisterId">The canister whose subnet receives the call.</param>
    /// <param name="method">The method name, as the <c>.did</c> file spells it.</param>
    /// <param name="arg">The Candid-encoded argument message.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>The Candid-encoded reply message.</returns>
    Task<byte[]> CallAsync(Principal canister, Principal effectiveCanisterId, string method, byte[] arg, CancellationToken ct);

    /// <summary>Calls a query method, routed to <paramref name="effectiveCanisterId"/>.</summary>
    /// <param name="canister">The canister called.</param>
    /// <param name="effectiveCanisterId">The canister whose subnet receives the query.</param>
    /// <param name="method">The method name, as the <c>.did</c> file spells it.</param>
    /// <param name="arg">The Candid-encoded argument message.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>The Candid-encoded reply message.</returns>
    Task<byte[]> QueryAsync(Principal canister, Principal effectiveCanisterId, string method, byte[] arg, CancellationToken ct);
}
