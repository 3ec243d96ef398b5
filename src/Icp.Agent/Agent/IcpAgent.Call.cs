using System.Net;
using Icp.Agent.Certification;
using Icp.Agent.Hashing;
using Icp.Agent.Http;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Agent;

public sealed partial class IcpAgent
{
    /// <summary>
    /// Calls <paramref name="method"/> of <paramref name="canisterId"/> as an update and returns the Candid reply, from a
    /// verified certificate. Tries the synchronous v4 endpoint, then v3, then the asynchronous v2 endpoint with polling;
    /// a synchronous call that the replica could not finish in time (202) is polled too. Polling stops at the ingress expiry.
    /// </summary>
    /// <exception cref="CallRejectedException">The call was rejected (before or during execution).</exception>
    /// <exception cref="IcpTimeoutException">No outcome by the ingress expiry; the call may still have run.</exception>
    /// <exception cref="IcpHttpException">An HTTP error (after the configured retries of transient ones).</exception>
    /// <exception cref="CertificateVerificationException">A certificate is invalid.</exception>
    /// <exception cref="IcpAgentException">The outcome was dropped (status <c>done</c>) or a response is malformed.</exception>
    public Task<byte[]> CallAsync(Principal canisterId, string method, byte[] arg, CancellationToken cancellationToken = default) =>
        CallAsync(canisterId, EffectiveCanisterId(canisterId, arg), method, arg, cancellationToken);

    /// <summary>
    /// As <see cref="CallAsync(Principal, string, byte[], CancellationToken)"/>, routed to <paramref name="effectiveCanisterId"/>:
    /// needed for calls to the management canister <c>aaaaa-aa</c>, whose effective canister id is the canister the
    /// call is about. The same as <see cref="SignCall(Principal, Principal, string, byte[])"/>, <see cref="SubmitAsync"/>
    /// and <see cref="WaitAsync(SignedCall, CancellationToken)"/> in a row.
    /// </summary>
    public async Task<byte[]> CallAsync(Principal canisterId, Principal effectiveCanisterId, string method, byte[] arg, CancellationToken cancellationToken = default)
    {
        var call = SignCall(canisterId, effectiveCanisterId, method, arg);
        var status = await SubmitAsync(call, cancellationToken).ConfigureAwait(false);
        return status.IsTerminal ? Outcome(status, call.RequestId) : await WaitAsync(call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds and signs an update call of <paramref name="method"/> on <paramref name="canisterId"/> without sending it.
    /// Store <see cref="SignedCall.ToBytes"/> before <see cref="SubmitAsync"/> to be able to resume after a crash.
    /// Its ingress expiry is set now (<see cref="IcpAgentOptions.IngressExpiryWindow"/>): submit it before then.
    /// </summary>
    /// <exception cref="ArgumentException">A call to the management canister whose argument names no canister (use the overload with an effective canister id).</exception>
    public SignedCall SignCall(Principal canisterId, string method, byte[] arg) =>
        SignCall(canisterId, EffectiveCanisterId(canisterId, arg), method, arg);

    /// <summary>As <see cref="SignCall(Principal, string, byte[])"/>, routed to <paramref name="effectiveCanisterId"/>.</summary>
    public SignedCall SignCall(Principal canisterId, Principal effectiveCanisterId, string method, byte[] arg)
    {
        ArgumentNullException.ThrowIfNull(canisterId);
        ArgumentNullException.ThrowIfNull(effectiveCanisterId);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(arg);
        return SignedCall.FromEnvelope(_requests.Call(canisterId, method, arg), effectiveCanisterId);
    }

    /// <summary>
    /// Sends a signed call's exact bytes to <c>/call</c> (v4, then v3, then v2). Safe to repeat: the IC runs a request id
    /// at most once, so submitting the same call again (after a crash, or when unsure it arrived) never executes it twice.
    /// </summary>
    /// <returns>
    /// The certified status when the replica answered synchronously with a certificate (usually terminal:
    /// <see cref="RequestStatusKind.Replied"/>, <see cref="RequestStatusKind.Rejected"/>); <see cref="RequestStatusKind.Received"/>
    /// when it accepted the call to run later (HTTP 202). Wait for the outcome with <see cref="WaitAsync(SignedCall, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="CallRejectedException">The call was refused before execution (it did not run).</exception>
    /// <exception cref="IcpHttpException">An HTTP error (after the configured retries of transient ones).</exception>
    /// <exception cref="CertificateVerificationException">The certificate is invalid.</exception>
    public async Task<RequestStatus> SubmitAsync(SignedCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var body = call.EnvelopeBytes;
        while (true)
        {
            var version = CallVersion;
            var reply = await _transport.PostCborAsync($"/api/v{version}/canister/{call.EffectiveCanisterId}/call", body, cancellationToken).ConfigureAwait(false);
            if (reply.IsNotFoundOrNotAllowed && version > 2)
            {
                // The same envelope (same request id) goes to the older endpoint: the IC runs a request id at most once.
                FallBack(ref _callVersion, version, "call", reply);
                continue;
            }
            switch (reply.Status)
            {
                case HttpStatusCode.Accepted:
                    return new RequestStatus(RequestStatusKind.Received, null, null);
                case HttpStatusCode.OK:
                    var response = Decode(() => CallResponse.Decode(reply.Body), "call");
                    if (response.Rejection is { } rejection) throw rejection.ToException(call.RequestId);
                    var certificate = await VerifyCertificateAsync(response.Certificate!, CertificateScope.ForCanister(call.EffectiveCanisterId), cancellationToken).ConfigureAwait(false);
                    return RequestStatus.FromCertificate(certificate, call.RequestId);
                default:
                    throw reply.ToException();
            }
        }
    }

    /// <summary>
    /// Waits for the certified outcome of a submitted call (by this agent's identity, which alone may read it), polling
    /// <c>read_state</c> of its request status until it is terminal or its ingress expiry has passed. A new agent
    /// with the same identity can wait on a call stored before a crash.
    /// </summary>
    /// <returns>The Candid reply.</returns>
    /// <exception cref="ArgumentException">The call was signed by another principal than this agent's.</exception>
    /// <exception cref="CallRejectedException">The call was rejected.</exception>
    /// <exception cref="IcpCallDoneException">The call ran, but its outcome was dropped and can no longer be read.</exception>
    /// <exception cref="IcpTimeoutException">The ingress expiry passed without an outcome: with no status at all, the call never ran (it no longer can) or its status was pruned long ago.</exception>
    /// <exception cref="IcpHttpException">An HTTP error.</exception>
    /// <exception cref="CertificateVerificationException">A certificate is invalid.</exception>
    public Task<byte[]> WaitAsync(SignedCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return WaitAsync(call.EffectiveCanisterId, call.RequestId, call.Sender, call.IngressExpiry, cancellationToken);
    }

    /// <summary>
    /// As <see cref="WaitAsync(SignedCall, CancellationToken)"/>, for a call known by its request id, effective
    /// canister id and ingress expiry (polling stops once <paramref name="ingressExpiry"/> has passed).
    /// </summary>
    public Task<byte[]> WaitAsync(Principal effectiveCanisterId, RequestId requestId, DateTimeOffset ingressExpiry, CancellationToken cancellationToken = default) =>
        WaitAsync(effectiveCanisterId, requestId, Sender, ingressExpiry, cancellationToken);

    private async Task<byte[]> WaitAsync(Principal effectiveCanisterId, RequestId requestId, Principal sender, DateTimeOffset ingressExpiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effectiveCanisterId);
        if (sender != Sender)
            throw new ArgumentException($"call {requestId} was signed by {sender}; only that principal can read its status, and this agent is {Sender}");
        return await PollAsync(effectiveCanisterId, requestId, ingressExpiry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the certified status of call <paramref name="requestId"/> (sent by this agent's identity to
    /// <paramref name="effectiveCanisterId"/>): <c>read_state</c> of <c>/request_status/&lt;id&gt;</c>.
    /// </summary>
    /// <exception cref="IcpHttpException">An HTTP error.</exception>
    /// <exception cref="CertificateVerificationException">The certificate is invalid.</exception>
    public async Task<RequestStatus> RequestStatusAsync(Principal effectiveCanisterId, RequestId requestId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<byte[]> path = ["request_status"u8.ToArray(), requestId.ToArray()];
        var certificate = await ReadStateAsync(effectiveCanisterId, [path], cancellationToken).ConfigureAwait(false);
        return RequestStatus.FromCertificate(certificate, requestId);
    }

    private async Task<byte[]> PollAsync(Principal effectiveCanisterId, RequestId requestId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var delay = Options.PollInitialDelay;
        string? last = null;
        while (true)
        {
            var status = await RequestStatusAsync(effectiveCanisterId, requestId, cancellationToken).ConfigureAwait(false);
            if (status.IsTerminal) return Outcome(status, requestId);
            if (status.Kind != RequestStatusKind.Unknown) last = status.Kind.ToString().ToLowerInvariant();
            var remaining = deadline - Now;
            if (remaining <= TimeSpan.Zero) throw new IcpTimeoutException(requestId, last, deadline);
            var wait = Backoff.Jitter(delay);
            if (wait > remaining) wait = remaining;
            AgentLog.Polling(_logger, requestId.ToString(), last ?? "unknown", wait);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            delay = Backoff.Grow(delay, Options.PollMultiplier, Options.PollMaxDelay);
        }
    }

    private static byte[] Outcome(RequestStatus status, RequestId requestId) => status.Kind switch
    {
        RequestStatusKind.Replied => status.Reply!,
        RequestStatusKind.Rejected => throw status.Rejection!.ToException(requestId),
        _ => throw new IcpCallDoneException(requestId),
    };

    // Calls to aaaaa-aa go to the subnet of the canister their argument names (canister_id, target_canister, ...).
    private static Principal EffectiveCanisterId(Principal canisterId, byte[] arg)
    {
        ArgumentNullException.ThrowIfNull(canisterId);
        if (!canisterId.IsManagementCanister) return canisterId;
        return ManagementCanisterRouting.FindNamedCanister(arg) ?? throw new ArgumentException(
            "this call to the management canister aaaaa-aa names no canister in its argument: pass the canister it concerns as effectiveCanisterId",
            nameof(canisterId));
    }
}
