using Icp.Agent.Requests;
using Icp.Replica.State;
using Microsoft.AspNetCore.Http;

namespace Icp.Replica.Http;

/// <summary>
/// <c>POST /api/v2|v3|v4/canister/&lt;ecid&gt;/call</c>. v2 answers 202 and leaves the outcome to read_state; v3 and v4
/// answer with a certificate of <c>/request_status/&lt;id&gt;</c> once the call is done. (v3 and v4 differ only in
/// where a delegation certificate keeps its canister ranges; the root subnet's certificates carry no delegation.)
/// A call the ingress filter refuses is answered directly: 200 with the reject, never entering the state.
/// </summary>
internal sealed class CallEndpoint(LocalReplica replica)
{
    public async Task HandleAsync(HttpContext context, string ecidText, int version)
    {
        var ecid = EnvelopeReader.ParsePrincipal(ecidText, "effective canister id");
        var envelope = await EnvelopeReader.ReadAsync(context.Request, "call", replica.Options.RequestBodyTimeout, context.RequestAborted).ConfigureAwait(false);
        var content = (CallContent)envelope.Content;
        if (!content.CanisterId.IsManagementCanister && content.CanisterId != ecid)
            throw new HttpErrorException(400, $"Specified CanisterId {content.CanisterId} does not match effective canister id in URL {ecid}");
        var targets = RequestValidator.Validate(envelope, replica.NowNanos());
        if (targets is not null && !targets.Contains(content.CanisterId))
            throw new HttpErrorException(400, $"Canister {content.CanisterId} is not one of the delegation targets");
        string key = Convert.ToHexStringLower(content.RequestId.Bytes);
        byte[][] statusPath = ["request_status"u8.ToArray(), content.RequestId.Bytes.ToArray()];
        // Decoded here, outside the lock: the argument is untrusted and may be large.
        var decoded = replica.DecodeArgument(content.CanisterId, content.MethodName, content.Arg);

        // Group commit: calls arriving together run in one round, journaled once; certificates are made in batches too.
        var (rejection, done) = await replica.RunInRoundAsync<Response?, (Response? Rejection, bool Done)>(core =>
        {
            if (core.Requests.GetIngress(key) is null)
            {
                if (core.FilterIngress(content.Sender, content.CanisterId, content.MethodName, content.Arg) is { } refused)
                    return refused;
                core.Requests.Register(key, new IngressInfo(content.Sender, content.CanisterId, content.IngressExpiry));
                core.SubmitIngress(content.Sender, content.CanisterId, content.MethodName, content.Arg, key, decoded: decoded);
            }
            return null;
        }, (core, refused) =>
        {
            if (refused is not null) return (refused, false);
            var state = core.Requests.Get(key)?.State;
            return (null, state is RequestState.Replied or RequestState.Rejected or RequestState.Done);
        }, context.RequestAborted).ConfigureAwait(false);

        if (rejection is not null)
        {
            await ReplicaHttpServer.WriteCborAsync(context, 200, CborBodies.Rejection(rejection, withStatus: version > 2)).ConfigureAwait(false);
            return;
        }
        if (version == 2 || !done)
        {
            context.Response.StatusCode = 202;
            return;
        }
        byte[] certificate = await replica.CertifyTogetherAsync([statusPath]).ConfigureAwait(false);
        await ReplicaHttpServer.WriteCborAsync(context, 200, CborBodies.CallCertificate(certificate)).ConfigureAwait(false);
    }
}
