using System.Formats.Cbor;
using Icp.Agent.Hashing;
using Icp.Candid;

namespace Icp.Agent.Requests;

/// <summary>A rejection: code, message, and the implementation's optional error code.</summary>
/// <param name="Code">The reject code (unknown codes are kept as their number).</param>
/// <param name="Message">The reject message.</param>
/// <param name="ErrorCode">An implementation-specific code such as <c>IC0503</c>, when given.</param>
public sealed record Rejection(RejectCode Code, string Message, string? ErrorCode)
{
    /// <summary>The exception every transport throws for a reject, for the call <paramref name="requestId"/>.</summary>
    public CallRejectedException ToException(RequestId? requestId = null) => new(Code, Message, ErrorCode, requestId?.ToArray());
}

/// <summary>A node's signature on a query response.</summary>
/// <param name="Timestamp">Nanoseconds since the Unix epoch.</param>
/// <param name="Signature">The Ed25519 signature.</param>
/// <param name="Identity">The node id.</param>
public sealed record NodeSignature(ulong Timestamp, byte[] Signature, Principal Identity);

/// <summary>A query response: <c>replied</c> with the reply's argument, or <c>rejected</c>; with node signatures.</summary>
public sealed class QueryResponse
{
    private QueryResponse(byte[]? reply, Rejection? rejection, IReadOnlyList<NodeSignature> signatures)
    {
        Reply = reply;
        Rejection = rejection;
        Signatures = signatures;
    }

    /// <summary>The Candid reply when the status is <c>replied</c>.</summary>
    public byte[]? Reply { get; }

    /// <summary>The rejection when the status is <c>rejected</c>.</summary>
    public Rejection? Rejection { get; }

    /// <summary>True when replied.</summary>
    public bool IsReplied => Reply is not null;

    /// <summary>The node signatures (possibly empty; callers verifying signatures must refuse an empty list).</summary>
    public IReadOnlyList<NodeSignature> Signatures { get; }

    /// <summary>Decodes a query response body.</summary>
    /// <exception cref="FormatException">Malformed or an unknown status.</exception>
    public static QueryResponse Decode(ReadOnlyMemory<byte> cbor) => ResponseDecoding.Guard(() =>
    {
        var map = CborValues.ReadTopLevelMap(new CborReader(cbor, CborConformanceMode.Lax));
        var signatures = ResponseDecoding.Signatures(map);
        var status = CborValues.Text(ResponseDecoding.Get(map, "status"), "status");
        return status switch
        {
            "replied" => new QueryResponse(ResponseDecoding.ReplyArg(map), null, signatures),
            "rejected" => new QueryResponse(null, ResponseDecoding.Rejection(map), signatures),
            _ => throw new FormatException($"unknown query status '{status}'"),
        };
    });

    /// <summary>
    /// <c>\x0Bic-response</c> ‖ hash_of_map of the response as signed by node <paramref name="signature"/>: the message its
    /// Ed25519 signature covers, for the query with id <paramref name="requestId"/>.
    /// </summary>
    public byte[] SignableMessage(RequestId requestId, NodeSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var fields = new Dictionary<string, HashableValue>();
        if (Reply is not null)
        {
            fields["status"] = HashableValue.Text("replied");
            fields["reply"] = HashableValue.Map(new Dictionary<string, HashableValue> { ["arg"] = HashableValue.Blob(Reply) });
        }
        else
        {
            fields["status"] = HashableValue.Text("rejected");
            fields["reject_code"] = HashableValue.Nat((ulong)Rejection!.Code);
            fields["reject_message"] = HashableValue.Text(Rejection.Message);
            if (Rejection.ErrorCode is not null) fields["error_code"] = HashableValue.Text(Rejection.ErrorCode);
        }
        fields["timestamp"] = HashableValue.Nat(signature.Timestamp);
        fields["request_id"] = HashableValue.Blob(requestId.Bytes);
        return RepresentationIndependentHash.SignableMessage(DomainSeparators.Response, fields);
    }
}

/// <summary>A read_state response: <c>{certificate}</c>.</summary>
/// <param name="Certificate">The CBOR of the certificate.</param>
public sealed record ReadStateResponse(byte[] Certificate)
{
    /// <summary>Decodes a read_state response body.</summary>
    /// <exception cref="FormatException">Malformed or without a certificate.</exception>
    public static ReadStateResponse Decode(ReadOnlyMemory<byte> cbor) => ResponseDecoding.Guard(() =>
    {
        var map = CborValues.ReadTopLevelMap(new CborReader(cbor, CborConformanceMode.Lax));
        return new ReadStateResponse(CborValues.Blob(ResponseDecoding.Get(map, "certificate"), "certificate"));
    });
}

/// <summary>
/// The 200 body of a call: v3/v4 <c>{status: "replied", certificate}</c> (the real outcome is in the certificate's
/// <c>/request_status</c>), or a rejection before execution (v3/v4 <c>non_replicated_rejection</c>, or v2's bare
/// <c>{reject_code, reject_message, error_code?}</c>).
/// </summary>
public sealed class CallResponse
{
    private CallResponse(byte[]? certificate, Rejection? rejection)
    {
        Certificate = certificate;
        Rejection = rejection;
    }

    /// <summary>The certificate when the call reached a terminal state in time.</summary>
    public byte[]? Certificate { get; }

    /// <summary>The rejection before execution.</summary>
    public Rejection? Rejection { get; }

    /// <summary>Decodes a call response body.</summary>
    /// <exception cref="FormatException">Malformed or an unknown status.</exception>
    public static CallResponse Decode(ReadOnlyMemory<byte> cbor) => ResponseDecoding.Guard(() =>
    {
        var map = CborValues.ReadTopLevelMap(new CborReader(cbor, CborConformanceMode.Lax));
        if (!map.TryGetValue("status", out var s))
            return new CallResponse(null, ResponseDecoding.Rejection(map)); // v2 asynchronous call rejected before execution
        var status = CborValues.Text(s, "status");
        return status switch
        {
            "replied" => new CallResponse(CborValues.Blob(ResponseDecoding.Get(map, "certificate"), "certificate"), null),
            "non_replicated_rejection" => new CallResponse(null, ResponseDecoding.Rejection(map)),
            _ => throw new FormatException($"unknown call status '{status}'"),
        };
    });
}

internal static class ResponseDecoding
{
    public static T Guard<T>(Func<T> decode)
    {
        try { return decode(); }
        catch (CborContentException e) { throw new FormatException("bad CBOR in response: " + e.Message, e); }
        catch (InvalidOperationException e) { throw new FormatException("bad CBOR in response: " + e.Message, e); }
    }

    public static HashableValue Get(IReadOnlyDictionary<string, HashableValue> map, string key) =>
        map.TryGetValue(key, out var v) ? v : throw new FormatException($"missing field '{key}'");

    public static byte[] ReplyArg(IReadOnlyDictionary<string, HashableValue> map) =>
        Get(map, "reply") is HashableValue.MapValue reply ? CborValues.Blob(Get(reply.Fields, "arg"), "reply.arg") : throw new FormatException("reply is a map");

    public static Rejection Rejection(IReadOnlyDictionary<string, HashableValue> map) => new(
        (RejectCode)CborValues.Nat(Get(map, "reject_code"), "reject_code"),
        CborValues.Text(Get(map, "reject_message"), "reject_message"),
        map.TryGetValue("error_code", out var e) ? CborValues.Text(e, "error_code") : null);

    public static IReadOnlyList<NodeSignature> Signatures(IReadOnlyDictionary<string, HashableValue> map)
    {
        if (!map.TryGetValue("signatures", out var s)) return [];
        if (s is not HashableValue.ArrayValue list) throw new FormatException("signatures is an array");
        return [.. list.Items.Select(item => item is HashableValue.MapValue m
            ? new NodeSignature(CborValues.Nat(Get(m.Fields, "timestamp"), "timestamp"), CborValues.Blob(Get(m.Fields, "signature"), "signature"), CborValues.Principal(Get(m.Fields, "identity"), "identity"))
            : throw new FormatException("a node signature is a map"))];
    }
}
