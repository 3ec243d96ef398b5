namespace Icp.Agent.Hashing;

/// <summary>
/// A request id: the 32-byte representation-independent hash of a request's content map. It names the
/// request in <c>/request_status/&lt;id&gt;</c> and, behind <c>\x0Aic-request</c>, is what the sender signs.
/// </summary>
public readonly struct RequestId : IEquatable<RequestId>
{
    private readonly byte[]? _bytes;

    /// <summary>Wraps 32 bytes (copied).</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public RequestId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32) throw new ArgumentException("a request id has 32 bytes", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>The 32 bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? throw new InvalidOperationException("default RequestId");

    /// <summary>The request id of a content map (<c>hash_of_map</c>).</summary>
    public static RequestId FromContent(IEnumerable<KeyValuePair<string, HashableValue>> content) =>
        new(RepresentationIndependentHash.HashOfMap(content));

    /// <summary><c>\x0Aic-request</c> ‖ id: the exact bytes a sender signs.</summary>
    public byte[] SignableMessage() => DomainSeparators.Prefix(DomainSeparators.Request, Bytes);

    /// <summary>A custom separator ‖ id, for protocols that sign request ids under their own domain.</summary>
    public byte[] SignableMessage(ReadOnlySpan<byte> domainSeparator) => DomainSeparators.Prefix(domainSeparator, Bytes);

    /// <summary>A copy of the bytes.</summary>
    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>Lower-case hex without prefix.</summary>
    public string ToHex() => Convert.ToHexStringLower(Bytes);

    /// <summary>The spec's display form: <c>0x</c> followed by lower-case hex.</summary>
    public override string ToString() => _bytes is null ? "0x" : "0x" + ToHex();

    /// <inheritdoc />
    public bool Equals(RequestId other) => (_bytes ?? []).AsSpan().SequenceEqual(other._bytes ?? []);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RequestId r && Equals(r);

    /// <inheritdoc />
    public override int GetHashCode() => _bytes is null ? 0 : BitConverter.ToInt32(_bytes, 0);

    /// <summary>Equality of the bytes.</summary>
    public static bool operator ==(RequestId a, RequestId b) => a.Equals(b);

    /// <summary>Inequality of the bytes.</summary>
    public static bool operator !=(RequestId a, RequestId b) => !a.Equals(b);
}
