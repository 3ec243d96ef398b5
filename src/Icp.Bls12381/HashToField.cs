namespace Icp.Bls12381;

/// <summary>RFC 9380 §5.2 hash_to_field for Fp and Fp2 with L = 64 bytes per element.</summary>
internal static class HashToField
{
    internal const int L = 64;

    /// <summary>2^256 mod p, to combine the two 32-byte halves of a 64-byte chunk.</summary>
    private static readonly Fp TwoTo256 = Fp.FromBigInteger(System.Numerics.BigInteger.One << 256);

    /// <summary>
    /// Interprets 64 big-endian bytes as an integer mod p. Each 32-byte half is already below p,
    /// so the value is hi·2^256 + lo computed in the field, with no wide reduction.
    /// </summary>
    internal static Fp FromUniformBytes(ReadOnlySpan<byte> b64)
    {
        Fp hi = FromBe32(b64[..32]);
        Fp lo = FromBe32(b64[32..]);
        return Fp.Add(Fp.Mul(hi, TwoTo256), lo);
    }

    private static Fp FromBe32(ReadOnlySpan<byte> s)
    {
        ulong l3 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(s);
        ulong l2 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(s[8..]);
        ulong l1 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(s[16..]);
        ulong l0 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(s[24..]);
        return Fp.FromCanonicalLimbs(l0, l1, l2, l3, 0, 0);
    }

    /// <summary>hash_to_field(msg, count) for m = 1.</summary>
    internal static void ToFp(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<Fp> output)
    {
        Span<byte> uniform = stackalloc byte[output.Length * L];
        ExpandMessage.Xmd(message, dst, uniform);
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = FromUniformBytes(uniform.Slice(i * L, L));
        }
    }

    /// <summary>hash_to_field(msg, count) for m = 2: each element takes two consecutive chunks.</summary>
    internal static void ToFp2(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<Fp2> output)
    {
        Span<byte> uniform = stackalloc byte[output.Length * 2 * L];
        ExpandMessage.Xmd(message, dst, uniform);
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = new Fp2(
                FromUniformBytes(uniform.Slice(2 * i * L, L)),
                FromUniformBytes(uniform.Slice((2 * i + 1) * L, L)));
        }
    }
}
