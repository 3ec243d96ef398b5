namespace Icp.Candid;

/// <summary>
/// Sends Candid-encoded calls to canisters: the seam between generated clients and the network. Generated
/// clients (see <c>dotnet candid generate</c> and the <c>Candid</c> MSBuild item) encode arguments, hand them to
/// a transport, and decode the reply bytes it returns. The HTTP agent (<c>Icp.Agent</c>) implements it; tests
/// implement it with canned replies. The contract every transport keeps: when the IC answers a call or query with a
/// reject, the caller sees a <see cref="CallRejectedException"/> (reject code, message, error code), whatever the
/// transport; other failures (network, timeouts, invalid certificates) are the transport's own exceptions.
/// </summary>
public interface ICanisterTransport
{
    /// <summary>Calls an update method and waits for its certified reply.</summary>
    /// <param name="canister">The canister called.</param>
    /// <param name="method">The method name, as the <c>.did</c> file spells it.</param>
    /// <param name="arg">The Candid-encoded argument message.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>The Candid-encoded reply message.</returns>
    /// <exception cref="CallRejectedException">The call was rejected.</exception>
    Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct);

    /// <summary>Calls a query (or composite query) method.</summary>
    /// <param name="canister">The canister called.</param>
    /// <param name="method">The method name, as the <c>.did</c> file spells it.</param>
    /// <param name="arg">The Candid-encoded argument message.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>The Candid-encoded reply message.</returns>
    /// <exception cref="CallRejectedException">The query was rejected.</exception>
    Task<byte[]> QueryAsync(Principal canister, string method, byte[] arg, CancellationToken ct);

    /// <summary>Sends a call to a <c>oneway</c> method, whose reply is never read. By default this is
    /// <see cref="CallAsync"/> with the reply dropped; a transport may return as soon as the call is submitted.</summary>
    /// <param name="canister">The canister called.</param>
    /// <param name="method">The method name, as the <c>.did</c> file spells it.</param>
    /// <param name="arg">The Candid-encoded argument message.</param>
    /// <param name="ct">Cancels the wait.</param>
    async Task SendAsync(Principal canister, string method, byte[] arg, CancellationToken ct) =>
        await CallAsync(canister, method, arg, ct).ConfigureAwait(false);
}
