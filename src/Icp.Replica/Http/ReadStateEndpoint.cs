using System.Text;
using Icp.Agent.Certification;
using Icp.Agent.Requests;
using Icp.Candid;
using Icp.Replica.Certification;
using Microsoft.AspNetCore.Http;

namespace Icp.Replica.Http;

/// <summary>
/// <c>POST /api/v2|v3/canister/&lt;ecid&gt;/read_state</c> and <c>/api/v2|v3/subnet/&lt;esid&gt;/read_state</c>: a certificate
/// of the requested paths, after the replica's authorization rules: request statuses only for their sender (403),
/// canister paths only for the effective canister (400), private metadata only for controllers (403), one request id
/// per request (400), and only the paths the spec lists (404 otherwise; <c>certified_data</c> is not readable).
/// </summary>
internal sealed class ReadStateEndpoint(LocalReplica replica)
{
    /// <summary>At most this many paths in one request.</summary>
    public const int MaxPaths = 1000;

    /// <summary>At most this many labels in one path.</summary>
    public const int MaxLabels = 127;

    public async Task HandleAsync(HttpContext context, string targetText, bool subnet)
    {
        var target = EnvelopeReader.ParsePrincipal(targetText, subnet ? "effective subnet id" : "effective canister id");
        var envelope = await EnvelopeReader.ReadAsync(context.Request, "read_state", replica.Options.RequestBodyTimeout, context.RequestAborted).ConfigureAwait(false);
        var content = (ReadStateContent)envelope.Content;
        var targets = RequestValidator.Validate(envelope, replica.NowNanos());
        if (content.Paths.Count > MaxPaths) throw new HttpErrorException(400, $"Too many paths: {content.Paths.Count} > {MaxPaths}");
        if (content.Paths.Any(p => p.Count > MaxLabels)) throw new HttpErrorException(400, $"A path has more than {MaxLabels} labels");
        if (subnet && target != replica.Certifier.Keys.SubnetId)
            throw new HttpErrorException(404, $"Subnet {target} is not this replica's subnet {replica.Certifier.Keys.SubnetId}");

        var witness = await replica.RunAsync(core =>
        {
            if (subnet) CheckSubnetPaths(content.Paths);
            else CheckCanisterPaths(core, content, target, targets);
            return replica.Certifier.Witness(core, content.Paths);
        }, context.RequestAborted).ConfigureAwait(false);
        byte[] certificate = replica.Certifier.Certify(witness);
        await ReplicaHttpServer.WriteCborAsync(context, 200, CborBodies.ReadState(certificate)).ConfigureAwait(false);
    }

    private static bool Is(byte[] label, string text) => label.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(text));

    private static bool Any(byte[] label, params string[] texts) => texts.Any(t => Is(label, t));

    private static void CheckSubnetPaths(IReadOnlyList<IReadOnlyList<byte[]>> paths)
    {
        foreach (var path in paths)
        {
            bool ok = path switch
            {
                [var t] when Is(t, "time") => true,
                [var a, ..] when Is(a, "api_boundary_nodes") => true,
                [var s, ..] when Is(s, "subnet") => true,
                [var r] when Is(r, "canister_ranges") => true,
                [var r, _] when Is(r, "canister_ranges") => true,
                _ => false,
            };
            if (!ok) throw InvalidPath();
        }
    }

    private void CheckCanisterPaths(ReplicaCore core, ReadStateContent content, Principal ecid, HashSet<Principal>? targets)
    {
        byte[]? requestId = null;
        foreach (var path in content.Paths)
        {
            switch (path)
            {
                case [var t] when Is(t, "time"):
                case [var a] when Is(a, "api_boundary_nodes"):
                case [var a1, _] when Is(a1, "api_boundary_nodes"):
                case [var a2, _, var f] when Is(a2, "api_boundary_nodes") && Any(f, "domain", "ipv4_address", "ipv6_address"):
                case [var s] when Is(s, "subnet"):
                case [var s1, _] when Is(s1, "subnet"):
                case [var s2, _, var f2] when Is(s2, "subnet") && Any(f2, "public_key", "node", "canister_ranges", "type"):
                case [var s3, _, var n, _] when Is(s3, "subnet") && Is(n, "node"):
                case [var s4, _, var n1, _, var k] when Is(s4, "subnet") && Is(n1, "node") && Is(k, "public_key"):
                    break;
                case [var c, var id, var f3] when Is(c, "canister") && Any(f3, "controllers", "module_hash"):
                    CheckCanister(id, ecid);
                    break;
                case [var c1, var id1, var m, var name] when Is(c1, "canister") && Is(m, "metadata"):
                    CheckMetadata(core, content.Sender, CheckCanister(id1, ecid), name);
                    break;
                case [var r, var rid] when Is(r, "request_status"):
                case [var r1, var rid1, var f4] when Is(r1, "request_status") && Any(f4, "status", "reply", "reject_code", "reject_message", "error_code"):
                    var id2 = path[1];
                    if (id2.Length != 32)
                        throw new HttpErrorException(400, "Invalid request id in paths. Maybe the request ID is not of 32 bytes in length?!");
                    if (requestId is not null && !requestId.AsSpan().SequenceEqual(id2))
                        throw new HttpErrorException(400, $"More than one non-unique request ID exists in request_status paths: {Convert.ToHexStringLower(requestId)} and {Convert.ToHexStringLower(id2)}.");
                    requestId = id2;
                    if (core.Requests.GetIngress(Convert.ToHexStringLower(id2)) is { } info)
                    {
                        if (info.Sender != content.Sender)
                            throw new HttpErrorException(403, "The user tries to access Request ID not signed by the caller.");
                        if (targets is not null && !targets.Contains(info.Receiver))
                            throw new HttpErrorException(403, "The user tries to access request IDs for canisters not belonging to sender delegation targets.");
                    }
                    break;
                default:
                    throw InvalidPath();
            }
        }
    }

    private static Principal CheckCanister(byte[] label, Principal ecid)
    {
        if (label.Length > Principal.MaxLength) throw new HttpErrorException(400, $"Could not parse principal id {Convert.ToHexStringLower(label)}");
        var id = Principal.FromBytes(label);
        if (id != ecid) throw new HttpErrorException(400, $"Effective principal id in URL {ecid} does not match requested principal id: {id}.");
        return id;
    }

    private static void CheckMetadata(ReplicaCore core, Principal user, Principal canisterId, byte[] nameBytes)
    {
        string name;
        try { name = new UTF8Encoding(false, true).GetString(nameBytes); }
        catch (DecoderFallbackException e) { throw new HttpErrorException(400, $"Could not parse the custom section name: {e.Message}."); }
        if (core.Find(canisterId) is not { Code: { } code } canister) return;
        foreach (var section in CanisterMetadata.Sections(code))
        {
            if (section.Name == name && !section.IsPublic && !canister.Controllers.Contains(user))
                throw new HttpErrorException(403, $"Custom section {(name.Length > 100 ? name[..100] : name)} can only be requested by the controllers of the canister.");
        }
    }

    private static HttpErrorException InvalidPath() => new(404, "Invalid path requested.");
}
