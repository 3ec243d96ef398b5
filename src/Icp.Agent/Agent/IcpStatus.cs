using System.Formats.Cbor;
using Icp.Agent.Hashing;
using Icp.Agent.Requests;

namespace Icp.Agent;

/// <summary>The answer of <c>GET /api/v2/status</c>: a CBOR map whose known fields are exposed as properties.</summary>
public sealed class IcpStatus
{
    private IcpStatus(IReadOnlyDictionary<string, HashableValue> fields)
    {
        Fields = fields;
        RootKey = fields.TryGetValue("root_key", out var k) && k is HashableValue.BlobValue b ? b.Bytes : null;
        ImplementationVersion = fields.TryGetValue("impl_version", out var v) && v is HashableValue.TextValue t ? t.Value : null;
        ReplicaHealthStatus = fields.TryGetValue("replica_health_status", out var h) && h is HashableValue.TextValue ht ? ht.Value : null;
    }

    /// <summary>The DER root key the replica reports (trust it only on a local development network).</summary>
    public byte[]? RootKey { get; }

    /// <summary>The replica's implementation version, when reported.</summary>
    public string? ImplementationVersion { get; }

    /// <summary>The replica's health (e.g. <c>healthy</c>), when reported.</summary>
    public string? ReplicaHealthStatus { get; }

    /// <summary>Every field of the map.</summary>
    public IReadOnlyDictionary<string, HashableValue> Fields { get; }

    /// <summary>Decodes a status body.</summary>
    /// <exception cref="FormatException">Not a CBOR map.</exception>
    public static IcpStatus Decode(ReadOnlyMemory<byte> cbor) =>
        new(ResponseDecoding.Guard(() => CborValues.ReadTopLevelMap(new CborReader(cbor, CborConformanceMode.Lax))));
}
