using Icp.Candid;
using System.Text;
using Icp.Agent.Certification;
using Icp.Agent.Hashing;
using Icp.Agent.Requests;

namespace Icp.Agent;

/// <summary>Where a call stands, as <c>/request_status/&lt;id&gt;/status</c> says.</summary>
public enum RequestStatusKind
{
    /// <summary>The certificate does not show the request (not yet received, or pruned): keep polling until the expiry.</summary>
    Unknown,

    /// <summary>Received, not yet executing.</summary>
    Received,

    /// <summary>Executing.</summary>
    Processing,

    /// <summary>Terminal: the canister replied.</summary>
    Replied,

    /// <summary>Terminal: the call was rejected.</summary>
    Rejected,

    /// <summary>Terminal: the outcome was dropped; it can no longer be read.</summary>
    Done,
}

/// <summary>A call's certified status, with the reply or the rejection when terminal.</summary>
/// <param name="Kind">The status.</param>
/// <param name="Reply">The Candid reply when <see cref="RequestStatusKind.Replied"/>.</param>
/// <param name="Rejection">The rejection when <see cref="RequestStatusKind.Rejected"/>.</param>
public sealed record RequestStatus(RequestStatusKind Kind, byte[]? Reply, Rejection? Rejection)
{
    /// <summary>True for replied, rejected and done.</summary>
    public bool IsTerminal => Kind is RequestStatusKind.Replied or RequestStatusKind.Rejected or RequestStatusKind.Done;

    /// <summary>Reads the status of <paramref name="requestId"/> from a (verified) certificate.</summary>
    /// <exception cref="IcpAgentException">The status subtree is malformed (an unknown status, a replied call without reply, ...).</exception>
    public static RequestStatus FromCertificate(Certificate certificate, RequestId requestId)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var id = requestId.ToArray();
        var status = Lookup(certificate, id, "status");
        if (status is null) return new RequestStatus(RequestStatusKind.Unknown, null, null);
        var text = Encoding.UTF8.GetString(status);
        switch (text)
        {
            case "received": return new RequestStatus(RequestStatusKind.Received, null, null);
            case "processing": return new RequestStatus(RequestStatusKind.Processing, null, null);
            case "done": return new RequestStatus(RequestStatusKind.Done, null, null);
            case "replied":
                var reply = Lookup(certificate, id, "reply") ?? throw new IcpAgentException($"request {requestId} is replied but the certificate shows no reply");
                return new RequestStatus(RequestStatusKind.Replied, reply, null);
            case "rejected":
                var code = Lookup(certificate, id, "reject_code") ?? throw new IcpAgentException($"request {requestId} is rejected but the certificate shows no reject_code");
                var message = Lookup(certificate, id, "reject_message") ?? throw new IcpAgentException($"request {requestId} is rejected but the certificate shows no reject_message");
                var errorCode = Lookup(certificate, id, "error_code");
                ulong codeValue;
                try { codeValue = Leb128.DecodeUnsigned(code); }
                catch (FormatException e) { throw new IcpAgentException($"request {requestId}: reject_code is not a LEB128 natural", e); }
                var rejection = new Rejection((RejectCode)codeValue, Encoding.UTF8.GetString(message), errorCode is null ? null : Encoding.UTF8.GetString(errorCode));
                return new RequestStatus(RequestStatusKind.Rejected, null, rejection);
            default:
                throw new IcpAgentException($"request {requestId} has an unknown status '{text}'");
        }
    }

    private static byte[]? Lookup(Certificate certificate, byte[] id, string leaf)
    {
        var result = certificate.Tree.Lookup(RequestStatusLabel, id, Encoding.ASCII.GetBytes(leaf));
        return result.Status switch
        {
            LookupStatus.Found => result.Value,
            LookupStatus.Error => throw new IcpAgentException($"/request_status/<id>/{leaf} is not a leaf"),
            _ => null,
        };
    }

    private static readonly byte[] RequestStatusLabel = Encoding.ASCII.GetBytes("request_status");
}
