using System.Formats.Cbor;
using Icp.Agent;
using Icp.Agent.Hashing;
using Icp.Candid;
using Icp.Replica.State;

namespace Icp.Replica.Http;

/// <summary>The CBOR bodies of the replica's answers (each behind the self-describing tag 55799).</summary>
internal static class CborBodies
{
    /// <summary><c>{reject_code, reject_message, error_code?}</c>, with <c>status: "non_replicated_rejection"</c> for v3/v4 calls.</summary>
    public static byte[] Rejection(Response rejection, bool withStatus)
    {
        var writer = Start();
        writer.WriteStartMap(null);
        if (withStatus) { writer.WriteTextString("status"); writer.WriteTextString("non_replicated_rejection"); }
        WriteReject(writer, rejection);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary><c>{status: "replied", certificate}</c>, the answer of a synchronous call.</summary>
    public static byte[] CallCertificate(byte[] certificate)
    {
        var writer = Start();
        writer.WriteStartMap(2);
        writer.WriteTextString("status");
        writer.WriteTextString("replied");
        writer.WriteTextString("certificate");
        writer.WriteByteString(certificate);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary><c>{certificate}</c>, the answer of read_state.</summary>
    public static byte[] ReadState(byte[] certificate)
    {
        var writer = Start();
        writer.WriteStartMap(1);
        writer.WriteTextString("certificate");
        writer.WriteByteString(certificate);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>
    /// The fields of a query response that its node signature covers: <c>{status, reply: {arg} | reject_code,
    /// reject_message, error_code?, timestamp, request_id}</c>.
    /// </summary>
    public static Dictionary<string, HashableValue> SignedQueryFields(Response response, ulong timestamp, RequestId requestId)
    {
        var fields = new Dictionary<string, HashableValue>(StringComparer.Ordinal);
        if (response.IsReply)
        {
            fields["status"] = HashableValue.Text("replied");
            fields["reply"] = HashableValue.Map(new Dictionary<string, HashableValue> { ["arg"] = HashableValue.Blob(response.Reply) });
        }
        else
        {
            fields["status"] = HashableValue.Text("rejected");
            fields["reject_code"] = HashableValue.Nat((ulong)response.Code);
            fields["reject_message"] = HashableValue.Text(response.Message);
            if (response.ErrorCode is not null) fields["error_code"] = HashableValue.Text(response.ErrorCode);
        }
        fields["timestamp"] = HashableValue.Nat(timestamp);
        fields["request_id"] = HashableValue.Blob(requestId.Bytes);
        return fields;
    }

    /// <summary>The query answer with one node signature.</summary>
    public static byte[] Query(Response response, ulong timestamp, byte[] signature, Principal nodeId)
    {
        var writer = Start();
        writer.WriteStartMap(null);
        writer.WriteTextString("status");
        if (response.IsReply)
        {
            writer.WriteTextString("replied");
            writer.WriteTextString("reply");
            writer.WriteStartMap(1);
            writer.WriteTextString("arg");
            writer.WriteByteString(response.Reply!);
            writer.WriteEndMap();
        }
        else
        {
            writer.WriteTextString("rejected");
            WriteReject(writer, response);
        }
        writer.WriteTextString("signatures");
        writer.WriteStartArray(1);
        writer.WriteStartMap(3);
        writer.WriteTextString("timestamp");
        writer.WriteUInt64(timestamp);
        writer.WriteTextString("signature");
        writer.WriteByteString(signature);
        writer.WriteTextString("identity");
        writer.WriteByteString(nodeId.ToArray());
        writer.WriteEndMap();
        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>The status map: <c>{ic_api_version, impl_version, root_key, replica_health_status, certified_height}</c>.</summary>
    public static byte[] Status(byte[] rootKeyDer, ulong certifiedHeight)
    {
        var writer = Start();
        writer.WriteStartMap(5);
        writer.WriteTextString("ic_api_version");
        writer.WriteTextString("0.18.0");
        writer.WriteTextString("impl_version");
        writer.WriteTextString("icp-dotnet-replica-" + (typeof(CborBodies).Assembly.GetName().Version?.ToString() ?? "0"));
        writer.WriteTextString("root_key");
        writer.WriteByteString(rootKeyDer);
        writer.WriteTextString("replica_health_status");
        writer.WriteTextString("healthy");
        writer.WriteTextString("certified_height");
        writer.WriteUInt64(certifiedHeight);
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void WriteReject(CborWriter writer, Response rejection)
    {
        writer.WriteTextString("reject_code");
        writer.WriteUInt64((ulong)rejection.Code);
        writer.WriteTextString("reject_message");
        writer.WriteTextString(rejection.Message);
        if (rejection.ErrorCode is not null)
        {
            writer.WriteTextString("error_code");
            writer.WriteTextString(rejection.ErrorCode);
        }
    }

    private static CborWriter Start()
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: true);
        writer.WriteTag((CborTag)55799);
        return writer;
    }

    /// <summary>The bytes a node signs for a query answer: <c>\x0Bic-response</c> ‖ hash_of_map(fields).</summary>
    public static byte[] QuerySignable(Dictionary<string, HashableValue> fields) =>
        RepresentationIndependentHash.SignableMessage(DomainSeparators.Response, fields);
}
