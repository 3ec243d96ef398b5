using System.Numerics;

namespace Icp.Candid;

/// <summary>LEB128 and SLEB128, the variable-length integers of the Candid binary format.</summary>
public static class Leb128
{
    /// <summary>Bytes the unsigned LEB128 form of <paramref name="value"/> takes.</summary>
    public static int SizeOfUnsigned(ulong value) => value == 0 ? 1 : (64 - BitOperations.LeadingZeroCount(value) + 6) / 7;

    /// <summary>Writes unsigned LEB128; returns the bytes written.</summary>
    public static int WriteUnsigned(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Writes signed LEB128; returns the bytes written.</summary>
    public static int WriteSigned(Span<byte> destination, long value)
    {
        int i = 0;
        while (true)
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            destination[i++] = done ? b : (byte)(b | 0x80);
            if (done) return i;
        }
    }

    /// <summary>Bytes the unsigned LEB128 form of a non-negative big integer takes.</summary>
    public static int SizeOfUnsigned(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "negative");
        long bits = value.IsZero ? 1 : (long)value.GetBitLength();
        return (int)((bits + 6) / 7);
    }

    /// <summary>Writes a non-negative big integer as unsigned LEB128; returns the bytes written.</summary>
    public static int WriteUnsigned(Span<byte> destination, BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "a nat cannot be negative");
        if (value <= ulong.MaxValue) return WriteUnsigned(destination, (ulong)value);
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)((byte)(value & 0x7f) | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Bytes the signed LEB128 form of a big integer takes.</summary>
    public static int SizeOfSigned(BigInteger value)
    {
        // Two's complement bit length plus a sign bit.
        long bits = (long)value.GetBitLength() + 1;
        return (int)((bits + 6) / 7);
    }

    /// <summary>Writes a big integer as signed LEB128; returns the bytes written.</summary>
    public static int WriteSigned(Span<byte> destination, BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue) return WriteSigned(destination, (long)value);
        int i = 0;
        while (true)
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7; // arithmetic shift: floors toward negative infinity, like SLEB128 needs
            bool done = (value.IsZero && (b & 0x40) == 0) || (value == BigInteger.MinusOne && (b & 0x40) != 0);
            destination[i++] = done ? b : (byte)(b | 0x80);
            if (done) return i;
        }
    }

    /// <summary>The shortest unsigned LEB128 of <paramref name="value"/> as a new array (624485 → e5 8e 26).</summary>
    public static byte[] EncodeUnsigned(ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        return buffer[..WriteUnsigned(buffer, value)].ToArray();
    }

    /// <summary>The shortest unsigned LEB128 of a non-negative big integer as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public static byte[] EncodeUnsigned(BigInteger value)
    {
        var bytes = new byte[SizeOfUnsigned(value)];
        WriteUnsigned(bytes, value);
        return bytes;
    }

    /// <summary>The shortest signed LEB128 of <paramref name="value"/> as a new array (-123456 → c0 bb 78; 73 → c9 00).</summary>
    public static byte[] EncodeSigned(long value)
    {
        Span<byte> buffer = stackalloc byte[10];
        return buffer[..WriteSigned(buffer, value)].ToArray();
    }

    /// <summary>The shortest signed LEB128 of a big integer as a new array.</summary>
    public static byte[] EncodeSigned(BigInteger value)
    {
        var bytes = new byte[SizeOfSigned(value)];
        int n = WriteSigned(bytes, value);
        return n == bytes.Length ? bytes : bytes[..n];
    }

    /// <summary>Decodes an unsigned LEB128 that must fill <paramref name="bytes"/> exactly and fit in 64 bits
    /// (the form the IC's state tree uses for <c>/time</c> and reject codes).</summary>
    /// <exception cref="FormatException">Empty, truncated, trailing bytes, or more than 64 bits.</exception>
    public static ulong DecodeUnsigned(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new FormatException("empty LEB128");
        ulong result = 0;
        int shift = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            ulong payload = (ulong)(b & 0x7f);
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
