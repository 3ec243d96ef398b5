using Microsoft.AspNetCore.Http;

namespace Icp.Replica.Http;

/// <summary><c>GET /api/v2/status</c>: the CBOR status with the DER root key, which local agents fetch and trust.</summary>
internal sealed class StatusEndpoint(LocalReplica replica)
{
    public Task HandleAsync(HttpContext context) =>
        ReplicaHttpServer.WriteCborAsync(context, 200, CborBodies.Status(replica.Certifier.Keys.RootKeyDer, replica.CertifiedHeight));
}
