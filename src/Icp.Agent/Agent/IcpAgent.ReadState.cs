using System.Net;
using Icp.Agent.Certification;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Agent;

public sealed partial class IcpAgent
{
    /// <summary>
    /// Reads <paramref name="paths"/> from the state tree at canister <paramref name="effectiveCanisterId"/> (v3, then v2)
    /// and returns the certificate, verified against the root key, the canister's range and the clock.
    /// </summary>
    /// <exception cref="IcpHttpException">An HTTP error (after the configured retries of transient ones).</exception>
    /// <exception cref="CertificateVerificationException">The certificate is invalid.</exception>
    public Task<Certificate> ReadStateAsync(Principal effectiveCanisterId, IReadOnlyList<IReadOnlyList<byte[]>> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(effectiveCanisterId);
        return ReadStateCoreAsync("canister", effectiveCanisterId, paths, CertificateScope.ForCanister(effectiveCanisterId), cancellationToken);
    }

    /// <summary>
    /// Reads <paramref name="paths"/> at subnet <paramref name="subnetId"/> (v3, then v2); the certificate must come from that subnet.
    /// </summary>
    /// <exception cref="IcpHttpException">An HTTP error (after the configured retries of transient ones).</exception>
    /// <exception cref="CertificateVerificationException">The certificate is invalid.</exception>
    public Task<Certificate> ReadSubnetStateAsync(Principal subnetId, IReadOnlyList<IReadOnlyList<byte[]>> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subnetId);
        return ReadStateCoreAsync("subnet", subnetId, paths, CertificateScope.ForSubnet(subnetId), cancellationToken);
    }

    private async Task<Certificate> ReadStateCoreAsync(string kind, Principal target, IReadOnlyList<IReadOnlyList<byte[]>> paths, CertificateScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var body = _requests.ReadState(paths).ToCbor();
        while (true)
        {
            var version = ReadStateVersion;
            var reply = await _transport.PostCborAsync($"/api/v{version}/{kind}/{target}/read_state", body, cancellationToken).ConfigureAwait(false);
            if (reply.IsNotFoundOrNotAllowed && version > 2)
            {
                FallBack(ref _readStateVersion, version, "read_state", reply);
                continue;
            }
            if (reply.Status != HttpStatusCode.OK) throw reply.ToException();
            var response = Decode(() => ReadStateResponse.Decode(reply.Body), "read_state");
            return await VerifyCertificateAsync(response.Certificate, scope, cancellationToken).ConfigureAwait(false);
        }
    }
}
