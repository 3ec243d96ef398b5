using System.Numerics;
using System.Text;

namespace Icp.Agent.Hashing;

/// <summary>
/// A value as the representation-independent hash sees it: the six kinds the interface spec defines
/// (blob, text, nat, int, array, map). Keeping the kind explicit matters because the same number hashes
/// differently as nat (unsigned LEB128) and as int (signed LEB128).
/// </summary>
public abstract record HashableValue
{
    private protected HashableValue() { }

    /// <summary>A byte string (also principals, which hash as their raw bytes).</summary>
    public sealed record BlobValue(byte[] Bytes) : HashableValue;

    /// <summary>A text, hashed as its UTF-8 bytes.</summary>
    public sealed record TextValue(string Value) : HashableValue;

    /// <summary>A natural number, hashed as its shortest unsigned LEB128.</summary>
    public sealed record NatValue(BigInteger Value) : HashableValue;

    /// <summary>A signed integer, hashed as its shortest signed LEB128.</summary>
    public sealed record IntValue(BigInteger Value) : HashableValue;

    /// <summary>An array, hashed as the hash of its elements' hashes concatenated.</summary>
    public sealed record ArrayValue(IReadOnlyList<HashableValue> Items) : HashableValue;

    /// <summary>A nested map, hashed as its own <c>hash_of_map</c>.</summary>
    public sealed record MapValue(IReadOnlyDictionary<string, HashableValue> Fields) : HashableValue;

    /// <summary>A blob (copied).</summary>
    public static HashableValue Blob(ReadOnlySpan<byte> bytes) => new BlobValue(bytes.ToArray());

    /// <summary>A text.</summary>
    public static HashableValue Text(string text) => new TextValue(text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>A natural number.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public static HashableValue Nat(BigInteger value) =>
        value.Sign < 0 ? throw new ArgumentOutOfRangeException(nameof(value), "a nat is not negative") : new NatValue(value);

    /// <summary>A signed integer.</summary>
    public static HashableValue Int(BigInteger value) => new IntValue(value);

    /// <summary>An array of values.</summary>
    public static HashableValue Array(params HashableValue[] items) => new ArrayValue(items);

    /// <summary>An array of values.</summary>
    public static HashableValue Array(IEnumerable<HashableValue> items) => new ArrayValue([.. items]);

    /// <summary>A nested map.</summary>
    public static HashableValue Map(IReadOnlyDictionary<string, HashableValue> fields) => new MapValue(fields);

    /// <summary>A principal, which hashes as a blob of its raw bytes.</summary>
    public static HashableValue Principal(Icp.Candid.Principal principal) =>
        new BlobValue((principal ?? throw new ArgumentNullException(nameof(principal))).ToArray());

    /// <summary>The text's UTF-8 bytes (helper for callers and tests).</summary>
    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
