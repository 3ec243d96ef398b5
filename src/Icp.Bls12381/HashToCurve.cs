namespace Icp.Bls12381;

using G1Proj = ProjectivePoint<Fp, G1Curve>;

/// <summary>
/// RFC 9380 hashing to BLS12-381: the suites BLS12381G1_XMD:SHA-256_SSWU_RO_ (hash_to_curve) and
/// BLS12381G1_XMD:SHA-256_SSWU_NU_ (encode_to_curve), and BLS12381G2_XMD:SHA-256_SSWU_RO_.
/// </summary>
public static class HashToCurve
{
    /// <summary>hash_to_curve into G1 (random-oracle suite): two field elements, mapped, summed, cofactor cleared.</summary>
    /// <param name="message">The message.</param>
    /// <param name="dst">The domain separation tag (the suite's, e.g. the IC signature DST).</param>
    public static G1Point HashToG1(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst) => new(HashToG1Internal(message, dst));

    /// <summary>encode_to_curve into G1 (non-uniform suite): one field element, mapped, cofactor cleared.</summary>
    /// <param name="message">The message.</param>
    /// <param name="dst">The domain separation tag.</param>
    public static G1Point EncodeToG1(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<Fp> u = stackalloc Fp[1];
        HashToField.ToFp(message, dst, u);
        return new G1Point(SswuG1.ClearCofactor(SswuG1.MapToCurve(u[0])));
    }

    /// <summary>hash_to_curve into G2 (random-oracle suite BLS12381G2_XMD:SHA-256_SSWU_RO_).</summary>
    /// <param name="message">The message.</param>
    /// <param name="dst">The domain separation tag.</param>
    public static G2Point HashToG2(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<Fp2> u = stackalloc Fp2[2];
        HashToField.ToFp2(message, dst, u);
        var q = ProjectivePoint<Fp2, G2Curve>.Add(SswuG2.MapToCurve(u[0]), SswuG2.MapToCurve(u[1]));
        return new G2Point(SswuG2.ClearCofactor(q));
    }

    internal static G1Proj HashToG1Internal(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<Fp> u = stackalloc Fp[2];
        HashToField.ToFp(message, dst, u);
        G1Proj q = G1Proj.Add(SswuG1.MapToCurve(u[0]), SswuG1.MapToCurve(u[1]));
        return SswuG1.ClearCofactor(q);
    }
}
