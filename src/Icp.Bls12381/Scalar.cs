using System.Numerics;

namespace Icp.Bls12381;

/// <summary>Conversions for scalars (integers mod r) used by point multiplication and keys.</summary>
internal static class Scalar
{
    /// <summary>Big-endian bytes (at most 32) to four little-endian limbs.</summary>
    internal static ulong[] ToLimbs(ReadOnlySpan<byte> bigEndian)
    {
        if (bigEndian.Length > 32)
        {
            throw new ArgumentException("A scalar has at most 32 bytes.", nameof(bigEndian));
        }
        Span<byte> padded = stackalloc byte[32];
        padded.Clear();
        bigEndian.CopyTo(padded[(32 - bigEndian.Length)..]);
        var limbs = new ulong[4];
        for (int i = 0; i < 4; i++)
        {
            limbs[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(padded.Slice(24 - 8 * i, 8));
        }
        return limbs;
    }

    internal static BigInteger ToBigInteger(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    internal static byte[] ToBytes32(BigInteger value)
    {
        var output = new byte[32];
        value.TryWriteBytes(output.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return output;
    }
}
