using Icp.Candid;

namespace Icp.Ledger.Management;

/// <summary>
/// Routes calls to the management canister <c>aaaaa-aa</c> by their effective canister id, as the IC requires: the
/// <c>canister_id</c> (or <c>target_canister</c>) field of the call's argument record, else
/// <see cref="DefaultEffectiveCanisterId"/> (for calls about no existing canister, such as provisional creation).
/// When the inner transport is an <see cref="IEffectiveCanisterTransport"/> (the agent) the id is passed on; other
/// transports (the in-process replica) route by themselves and get the plain call. Calls to other canisters pass
/// through unchanged.
/// </summary>
public sealed class ManagementCanisterTransport : ICanisterTransport
{

    private readonly ICanisterTransport _inner;

    /// <summary>Routes management calls of <paramref name="inner"/>.</summary>
    /// <param name="inner">The transport (the agent, or the replica).</param>
    /// <param name="defaultEffectiveCanisterId">The effective canister id of calls whose argument names no canister
    /// (for example any canister on the subnet where <c>provisional_create_canister_with_cycles</c> should create).</param>
    public ManagementCanisterTransport(ICanisterTransport inner, Principal? defaultEffectiveCanisterId = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        DefaultEffectiveCanisterId = defaultEffectiveCanisterId;
    }

    /// <summary>The effective canister id of management calls whose argument names no canister.</summary>
    public Principal? DefaultEffectiveCanisterId { get; }

    /// <inheritdoc />
    public Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(canister);
        if (!canister.IsManagementCanister || _inner is not IEffectiveCanisterTransport routed) return _inner.CallAsync(canister, method, arg, ct);
        return routed.CallAsync(canister, EffectiveCanisterId(method, arg), method, arg, ct);
    }

    /// <inheritdoc />
    public Task<byte[]> QueryAsync(Principal canister, string method, byte[] arg, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(canister);
        if (!canister.IsManagementCanister || _inner is not IEffectiveCanisterTransport routed) return _inner.QueryAsync(canister, method, arg, ct);
        return routed.QueryAsync(canister, EffectiveCanisterId(method, arg), method, arg, ct);
    }

    /// <summary>The effective canister id of a management call: the canister its argument names, else the default.</summary>
    /// <param name="method">The management method.</param>
    /// <param name="arg">The Candid-encoded argument.</param>
    /// <exception cref="InvalidOperationException">The argument names no canister and there is no default.</exception>
    public Principal EffectiveCanisterId(string method, byte[] arg) =>
        ManagementCanisterRouting.FindNamedCanister(arg) ?? DefaultEffectiveCanisterId ?? throw new InvalidOperationException(
            $"the management call {method} names no canister: give ManagementCanisterTransport a default effective canister id");
}
