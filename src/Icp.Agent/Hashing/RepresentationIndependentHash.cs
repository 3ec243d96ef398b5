using Icp.Candid;
using System.Security.Cryptography;
using System.Text;

namespace Icp.Agent.Hashing;

/// <summary>
/// The interface spec's representation-independent hashing (<c>#hash-of-map</c>): the request id of a request's
/// content, the hash a delegation signature covers, the query-response hash, and any map our own protocols sign.
/// </summary>
public static class RepresentationIndependentHash
{
    /// <summary>How deeply arrays and maps may nest; protects the recursion against hostile input.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// <c>hash_of_map</c>: for each field, SHA-256(key) ‖ H(value); sort those 64-byte strings bytewise,
    /// concatenate and hash. Absent optional fields must simply not be in <paramref name="fields"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A duplicate key, or nesting deeper than <see cref="MaxDepth"/>.</exception>
    public static byte[] HashOfMap(IEnumerable<KeyValuePair<string, HashableValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return HashOfMap(fields, 0);
    }

    /// <summary>The hash of one value: blob, text, nat, int, array or map.</summary>
    /// <exception cref="ArgumentException">Nesting deeper than <see cref="MaxDepth"/>.</exception>
    public static byte[] HashValue(HashableValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return HashValue(value, 0);
    }

    /// <summary>
    /// <paramref name="domainSeparator"/> ‖ <c>hash_of_map(fields)</c>: the bytes to sign when a map is signed under a
    /// domain, the IC's own or a custom one made with <see cref="DomainSeparators.Create"/>.
    /// </summary>
    public static byte[] SignableMessage(ReadOnlySpan<byte> domainSeparator, IEnumerable<KeyValuePair<string, HashableValue>> fields) =>
        DomainSeparators.Prefix(domainSeparator, HashOfMap(fields));

    private static byte[] HashOfMap(IEnumerable<KeyValuePair<string, HashableValue>> fields, int depth)
    {
        var entries = new List<byte[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            ArgumentNullException.ThrowIfNull(key);
            // A map with a repeated key has no well-defined hash: refuse it rather than pick one.
            if (!seen.Add(key)) throw new ArgumentException($"duplicate key '{key}' in a hashed map");
            var entry = new byte[64];
            SHA256.HashData(Encoding.UTF8.GetBytes(key), entry.AsSpan(0, 32));
            HashValue(value ?? throw new ArgumentException($"field '{key}' is null: leave absent fields out"), depth).CopyTo(entry.AsSpan(32));
            entries.Add(entry);
        }
        entries.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in entries) sha.AppendData(e);
        return sha.GetHashAndReset();
    }

    private static byte[] HashValue(HashableValue value, int depth)
    {
        if (depth > MaxDepth) throw new ArgumentException($"hashed value nests deeper than {MaxDepth}");
        switch (value)
        {
            case HashableValue.BlobValue b: return SHA256.HashData(b.Bytes);
            case HashableValue.TextValue t: return SHA256.HashData(Encoding.UTF8.GetBytes(t.Value));
            case HashableValue.NatValue n: return SHA256.HashData(Leb128.EncodeUnsigned(n.Value));
            case HashableValue.IntValue i: return SHA256.HashData(Leb128.EncodeSigned(i.Value));
            case HashableValue.ArrayValue a:
                {
                    using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    foreach (var item in a.Items) sha.AppendData(HashValue(item ?? throw new ArgumentException("null array element"), depth + 1));
                    return sha.GetHashAndReset();
                }
            case HashableValue.MapValue m: return HashOfMap(m.Fields, depth + 1);
            default: throw new ArgumentException($"unknown value kind {value.GetType().Name}");
        }
    }
}
