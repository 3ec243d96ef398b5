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
    /// <exception cref="IcpRejectException">The call was rejected (before or during execution).</exception>
    /// <exception cref="IcpTimeoutException">No outcome by the ingress expiry; the call may still have run.</exception>
    /// <exception cref="IcpHttpException">An HTTP error (after the configured retries of transient ones).</exception>
    /// <exception cref="CertificateVerificationException">A certificate is invalid.</exception>
    /// <exception cref="IcpAgentException">The outcome was dropped (status <c>done</c>) or a response is malformed.</exception>
    public Task<byte[]> CallAsync(Principal canisterId, string method, byte[] arg, CancellationToken cancellationToken = default) =>
        CallAsync(canisterId, EffectiveCanisterId(canisterId, arg), method, arg, cancellationToken);

    /// <summary>
    /// As <see cref="CallAsync(Principal, string, byte[], CancellationToken)"/>, routed to <paramref name="effectiveCanisterId"/>:
    /// needed for calls to the management canister <c>aaaaa-aa</c>, whose effective canister id is the canister the
    /// call is about.
    /// </summary>
    public async Task<byte[]> CallAsync(Principal canisterId, Principal effectiveCanisterId, string method, byte[] arg, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(canisterId);
        ArgumentNullException.ThrowIfNull(effectiveCanisterId);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(arg);
        var envelope = _requests.Call(canisterId, method, arg);
        var body = envelope.ToCbor();
        var requestId = envelope.Content.RequestId;
        var deadline = FromNanoseconds(envelope.Content.IngressExpiry);
        while (true)
        {
            var version = CallVersion;
            var reply = await _transport.PostCborAsync($"/api/v{version}/canister/{effectiveCanisterId}/call", body, cancellationToken).ConfigureAwait(false);
            if (reply.IsNotFoundOrNotAllowed && version > 2)
            {
                // The same envelope (same request id) goes to the older endpoint: the IC runs a request id at most once.
                FallBack(ref _callVersion, version, "call", reply);
                continue;
            }
            switch (reply.Status)
            {
                case HttpStatusCode.Accepted:
                    return await PollAsync(effectiveCanisterId, requestId, deadline, cancellationToken).ConfigureAwait(false);
                case HttpStatusCode.OK:
                    var response = Decode(() => CallResponse.Decode(reply.Body), "call");
                    if (response.Rejection is { } rejection) throw new IcpRejectException(rejection, requestId);
                    var certificate = await VerifyCertificateAsync(response.Certificate!, CertificateScope.ForCanister(effectiveCanisterId), cancellationToken).ConfigureAwait(false);
                    var status = RequestStatus.FromCertificate(certificate, requestId);
                    if (status.IsTerminal) return Outcome(status, requestId);
                    return await PollAsync(effectiveCanisterId, requestId, deadline, cancellationToken).ConfigureAwait(false);
                default:
                    throw reply.ToException();
            }
        }
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
        RequestStatusKind.Rejected => throw new IcpRejectException(status.Rejection!, requestId),
        _ => throw new IcpAgentException($"call {requestId} is done: its outcome was dropped and can no longer be read"),
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
