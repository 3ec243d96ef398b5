using System.Numerics;

namespace Icp.Agent.Hashing;

/// <summary>
/// LEB128 encodings as the IC uses them: the shortest unsigned form for naturals (request-id hashing,
/// <c>/time</c> and other naturals in the state tree) and the shortest signed form for integers.
/// </summary>
public static class Leb128
{
    /// <summary>The shortest unsigned LEB128 of <paramref name="value"/> (624485 → e5 8e 26).</summary>
    public static byte[] EncodeUnsigned(ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        var n = 0;
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            if (value != 0) b |= 0x80;
            buffer[n++] = b;
        } while (value != 0);
        return buffer[..n].ToArray();
    }

    /// <summary>The shortest unsigned LEB128 of a non-negative big integer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public static byte[] EncodeUnsigned(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "a natural is not negative");
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            if (!value.IsZero) b |= 0x80;
            bytes.Add(b);
        } while (!value.IsZero);
        return [.. bytes];
    }

    /// <summary>The shortest signed LEB128 of <paramref name="value"/> (-123456 → c0 bb 78; 73 → c9 00).</summary>
    public static byte[] EncodeSigned(BigInteger value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = (byte)(value & 0x7f);
            value >>= 7; // arithmetic shift: rounds toward negative infinity, as sign extension needs
            // Done when the rest is pure sign extension and bit 6 of this byte already carries that sign.
            var signBitSet = (b & 0x40) != 0;
            if ((value.IsZero && !signBitSet) || (value == BigInteger.MinusOne && signBitSet))
            {
                bytes.Add(b);
                return [.. bytes];
            }
            bytes.Add((byte)(b | 0x80));
        }
    }

    /// <summary>The shortest signed LEB128 of a 64-bit integer.</summary>
    public static byte[] EncodeSigned(long value) => EncodeSigned(new BigInteger(value));

    /// <summary>Decodes an unsigned LEB128 that must fill <paramref name="bytes"/> exactly and fit in 64 bits.</summary>
    /// <exception cref="FormatException">Empty, truncated, trailing bytes, or more than 64 bits.</exception>
    public static ulong DecodeUnsigned(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new FormatException("empty LEB128");
        ulong result = 0;
        var shift = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var payload = (ulong)(b & 0x7f);
            if (shift == 63 && payload > 1 || shift > 63) throw new FormatException("LEB128 value does not fit in 64 bits");
            result |= payload << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                if (i != bytes.Length - 1) throw new FormatException("trailing bytes after LEB128 value");
                return result;
            }
        }
        throw new FormatException("truncated LEB128");
    }
}
