using Icp.Agent.Requests;
using Microsoft.AspNetCore.Http;

namespace Icp.Replica.Http;

/// <summary>
/// <c>POST /api/v2|v3/canister/&lt;ecid&gt;/query</c>: runs the query and answers <c>replied</c> or <c>rejected</c>,
/// signed by the node's Ed25519 key over <c>\x0Bic-response</c> ‖ hash_of_map(response, timestamp, request id).
/// </summary>
internal sealed class QueryEndpoint(LocalReplica replica)
{
    public async Task HandleAsync(HttpContext context, string ecidText)
    {
        var ecid = EnvelopeReader.ParsePrincipal(ecidText, "effective canister id");
        var envelope = await EnvelopeReader.ReadAsync(context.Request, "query", replica.Options.RequestBodyTimeout, context.RequestAborted).ConfigureAwait(false);
        var content = (QueryContent)envelope.Content;
        if (!content.CanisterId.IsManagementCanister && content.CanisterId != ecid)
            throw new HttpErrorException(400, $"Specified CanisterId {content.CanisterId} does not match effective canister id in URL {ecid}");
        var targets = RequestValidator.Validate(envelope, replica.NowNanos());
        if (targets is not null && !targets.Contains(content.CanisterId))
            throw new HttpErrorException(400, $"Canister {content.CanisterId} is not one of the delegation targets");

        // Decoded here, outside the lock: the argument is untrusted and may be large.
        var decoded = replica.DecodeArgument(content.CanisterId, content.MethodName, content.Arg);
        var (response, timestamp) = await replica.RunAsync(core =>
            (core.Query(content.Sender, content.CanisterId, content.MethodName, content.Arg, decoded: decoded), core.TimeNanos), context.RequestAborted).ConfigureAwait(false);
        var keys = replica.Certifier.Keys;
        byte[] signature = keys.NodeKey.Sign(CborBodies.QuerySignable(CborBodies.SignedQueryFields(response, timestamp, content.RequestId)));
        await ReplicaHttpServer.WriteCborAsync(context, 200, CborBodies.Query(response, timestamp, signature, keys.NodeId)).ConfigureAwait(false);
    }
}
