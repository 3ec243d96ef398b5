using System.Net;
using Icp.Agent.Certification;
using Icp.Agent.Hashing;
using Icp.Agent.Http;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Agent;

public sealed partial class IcpAgent
{
    private readonly Dictionary<Principal, Principal> _subnetOfCanister = [];
    private readonly Dictionary<Principal, SubnetNodeKeys> _subnets = [];
    private readonly Lock _subnetLock = new();

    /// <summary>
    /// Runs query <paramref name="method"/> of <paramref name="canisterId"/> and returns the Candid reply (v3, then v2).
    /// Unless <see cref="IcpAgentOptions.VerifyQuerySignatures"/> is off, the answer's node signatures are checked
    /// against the subnet's certified node keys (read once per subnet, then cached).
    /// </summary>
    /// <exception cref="CallRejectedException">The query was rejected.</exception>
    /// <exception cref="IcpQuerySignatureException">The node signatures do not prove the answer.</exception>
    /// <exception cref="IcpHttpException">An HTTP error (after the configured retries of transient ones).</exception>
    /// <exception cref="CertificateVerificationException">The certificate of the node keys is invalid.</exception>
    public Task<byte[]> QueryAsync(Principal canisterId, string method, byte[] arg, CancellationToken cancellationToken = default) =>
        QueryAsync(canisterId, EffectiveCanisterId(canisterId, arg), method, arg, cancellationToken);

    /// <summary>As <see cref="QueryAsync(Principal, string, byte[], CancellationToken)"/>, routed to <paramref name="effectiveCanisterId"/>.</summary>
    public async Task<byte[]> QueryAsync(Principal canisterId, Principal effectiveCanisterId, string method, byte[] arg, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(canisterId);
        ArgumentNullException.ThrowIfNull(effectiveCanisterId);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(arg);
        var envelope = _requests.Query(canisterId, method, arg);
        var body = envelope.ToCbor();
        var requestId = envelope.Content.RequestId;
        while (true)
        {
            var version = QueryVersion;
            var reply = await _transport.PostCborAsync($"/api/v{version}/canister/{effectiveCanisterId}/query", body, cancellationToken).ConfigureAwait(false);
            if (reply.IsNotFoundOrNotAllowed && version > 2)
            {
                FallBack(ref _queryVersion, version, "query", reply);
                continue;
            }
            if (reply.Status != HttpStatusCode.OK) throw reply.ToException();
            var response = Decode(() => QueryResponse.Decode(reply.Body), "query");
            if (Options.VerifyQuerySignatures)
                await VerifyQuerySignaturesAsync(effectiveCanisterId, response, requestId, cancellationToken).ConfigureAwait(false);
            if (response.Rejection is { } rejection) throw rejection.ToException(requestId);
            return response.Reply!;
        }
    }

    /// <summary>
    /// The certified node keys of the subnet hosting <paramref name="effectiveCanisterId"/>: a read_state of
    /// <c>/subnet</c> at the canister, verified, cached per subnet until <paramref name="refresh"/> is asked.
    /// </summary>
    public async Task<SubnetNodeKeys> SubnetNodeKeysAsync(Principal effectiveCanisterId, bool refresh = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(effectiveCanisterId);
        if (!refresh)
        {
            lock (_subnetLock)
            {
                if (_subnetOfCanister.TryGetValue(effectiveCanisterId, out var subnet) && _subnets.TryGetValue(subnet, out var cached)) return cached;
            }
        }
        var certificate = await ReadStateAsync(effectiveCanisterId, [HashTree.Path("subnet")], cancellationToken).ConfigureAwait(false);
        var verifier = await VerifierAsync(cancellationToken).ConfigureAwait(false);
        var keys = SubnetNodeKeys.FromCertificate(certificate, verifier.RootKey.SelfAuthenticatingPrincipal);
        AgentLog.NodeKeys(_logger, keys.SubnetId.ToString(), keys.NodeKeys.Count);
        lock (_subnetLock)
        {
            _subnetOfCanister[effectiveCanisterId] = keys.SubnetId;
            _subnets[keys.SubnetId] = keys;
        }
        return keys;
    }

    private async Task VerifyQuerySignaturesAsync(Principal effectiveCanisterId, QueryResponse response, RequestId requestId, CancellationToken cancellationToken)
    {
        if (response.Signatures.Count == 0) throw new IcpQuerySignatureException($"the answer to query {requestId} carries no node signature");
        var keys = await SubnetNodeKeysAsync(effectiveCanisterId, false, cancellationToken).ConfigureAwait(false);
        var now = Now;
        foreach (var signature in response.Signatures)
        {
            var signed = IcTime.ToDateTimeOffset(signature.Timestamp);
            if ((now - signed).Duration() > Options.MaxCertificateAge)
                throw new IcpQuerySignatureException($"node {signature.Identity} signed query {requestId} at {signed:O}, more than {Options.MaxCertificateAge} from local time {now:O}");
            if (!keys.NodeKeys.TryGetValue(signature.Identity, out var key))
            {
                // Subnet membership changes: read the keys again once before refusing.
                keys = await SubnetNodeKeysAsync(effectiveCanisterId, true, cancellationToken).ConfigureAwait(false);
                if (!keys.NodeKeys.TryGetValue(signature.Identity, out key))
                    throw new IcpQuerySignatureException($"node {signature.Identity} is not a node of subnet {keys.SubnetId}");
            }
            bool valid;
            try { valid = PublicKeyVerifier.Verify(key, response.SignableMessage(requestId, signature), signature.Signature); }
            catch (NotSupportedException e) { throw new IcpQuerySignatureException($"node {signature.Identity} has an unsupported key: {e.Message}"); }
            if (!valid) throw new IcpQuerySignatureException($"the signature of node {signature.Identity} on query {requestId} does not verify");
        }
    }
}
