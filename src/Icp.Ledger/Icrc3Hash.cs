using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Icp.Ledger.Icrc3;

namespace Icp.Ledger;

/// <summary>
/// The ICRC-3 representation-independent hash of a <see cref="Value"/>: SHA-256 of LEB128 (<c>Nat</c>), SLEB128
/// (<c>Int</c>), UTF-8 (<c>Text</c>) or the bytes (<c>Blob</c>); of the concatenated element hashes (<c>Array</c>);
/// of the sorted concatenations hash(key) ‖ hash(value) (<c>Map</c>). A block's <c>phash</c> is the hash of the block
/// before it.
/// </summary>
public static class Icrc3Hash
{
    /// <summary>The hash of <paramref name="value"/>.</summary>
    /// <param name="value">An ICRC-3 value, for example a block.</param>
    /// <returns>32 bytes.</returns>
    public static byte[] Of(Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value switch
        {
            Value.Nat n => SHA256.HashData(Leb128(n.Value.Value)),
            Value.Int i => SHA256.HashData(Sleb128(i.Value)),
            Value.Text t => SHA256.HashData(Encoding.UTF8.GetBytes(t.Value)),
            Value.Blob b => SHA256.HashData(b.Value),
            Value.Array a => SHA256.HashData(a.Value.SelectMany(Of).ToArray()),
            Value.Map m => SHA256.HashData(m.Value
                .Select(e => Of(new Value.Text(e.Item1)).Concat(Of(e.Item2)).ToArray())
                .Order(ByteArrayComparer.Instance)
                .SelectMany(x => x)
                .ToArray()),
            _ => throw new ArgumentException($"unknown ICRC-3 value {value.GetType().Name}", nameof(value)),
        };
    }

    /// <summary>Unsigned LEB128 of a natural number.</summary>
    internal static byte[] Leb128(BigInteger n)
    {
        if (n.Sign < 0) throw new ArgumentOutOfRangeException(nameof(n), "a nat is not negative");
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(n & 0x7F);
            n >>= 7;
            if (!n.IsZero) b |= 0x80;
            bytes.Add(b);
        } while (!n.IsZero);
        return [.. bytes];
    }

    /// <summary>Signed LEB128 of an integer.</summary>
    internal static byte[] Sleb128(BigInteger n)
    {
        var bytes = new List<byte>();
        while (true)
        {
            byte b = (byte)(n & 0x7F);
            n >>= 7; // arithmetic shift: rounds toward negative infinity
            bool done = (n.IsZero && (b & 0x40) == 0) || (n == BigInteger.MinusOne && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            bytes.Add(b);
            if (done) return [.. bytes];
        }
    }

    private sealed class ByteArrayComparer : IComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
