namespace Icp.Bls12381;

using G2Proj = ProjectivePoint<Fp2, G2Curve>;

/// <summary>G2 internals: the generator, ZCash compressed encoding, ψ and the fast subgroup check.</summary>
internal static class G2
{
    internal const int CompressedSize = 96;

    internal static readonly G2Proj Generator = G2Proj.FromAffine(
        new Fp2(
            Fp.FromHex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"),
            Fp.FromHex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")),
        new Fp2(
            Fp.FromHex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"),
            Fp.FromHex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be")));

    /// <summary>
    /// The untwist-Frobenius-twist endomorphism ψ. It applies coordinate-wise to projective points
    /// because the Frobenius is a field automorphism.
    /// </summary>
    internal static G2Proj Psi(in G2Proj p) => new(
        Fp2.Mul(Fp2.Conjugate(p.X), FrobeniusConstants.PsiX),
        Fp2.Mul(Fp2.Conjugate(p.Y), FrobeniusConstants.PsiY),
        Fp2.Conjugate(p.Z));

    /// <summary>
    /// Subgroup membership for a point on the curve: ψ(P) = x·P holds exactly on G2
    /// (Scott, ePrint 2021/1130 §4; proof in 2022/352). One 64-bit multiplication instead of one by r.
    /// </summary>
    internal static bool IsInSubgroup(in G2Proj p) => G2Proj.Equal(Psi(p), G2Proj.MulByX(p));

    /// <summary>
    /// Decodes the 96-byte ZCash compressed form (x.c1 then x.c0, flags in the first byte) with full
    /// validation: flags, both coordinates canonical, on the curve and in G2.
    /// </summary>
    internal static bool TryDecompress(ReadOnlySpan<byte> data, out G2Proj point) =>
        TryDecompressOnCurve(data, out point) && (point.IsIdentity || IsInSubgroup(point));

    /// <summary>
    /// <see cref="TryDecompress"/> without the subgroup check, for callers that do it more cheaply themselves
    /// (see <see cref="TryDecodeKey"/>). The point is on the curve; it has Z = 1 unless it is the identity.
    /// </summary>
    internal static bool TryDecompressOnCurve(ReadOnlySpan<byte> data, out G2Proj point)
    {
        point = G2Proj.Identity;
        if (data.Length != CompressedSize)
        {
            return false;
        }
        byte flags = data[0];
        bool compressed = (flags & 0x80) != 0, infinity = (flags & 0x40) != 0, sign = (flags & 0x20) != 0;
        if (!compressed)
        {
            return false;
        }
        if (infinity)
        {
            return !sign && (flags & 0x1f) == 0 && !data[1..].ContainsAnyExcept((byte)0);
        }
        Span<byte> c1b = stackalloc byte[48];
        data[..48].CopyTo(c1b);
        c1b[0] &= 0x1f;
        if (!Fp.TryFromBytesBigEndian(c1b, out Fp c1) || !Fp.TryFromBytesBigEndian(data.Slice(48, 48), out Fp c0))
        {
            return false;
        }
        Fp2 x = new(c0, c1);
        Fp2 rhs = Fp2.Add(Fp2.Mul(Fp2.Square(x), x), G2Curve.B);
        if (!Fp2.TrySqrt(rhs, out Fp2 y))
        {
            return false;
        }
        if (Fp2.IsLexicographicallyLargest(y) != sign)
        {
            y = Fp2.Neg(y);
        }
        point = G2Proj.FromAffine(x, y);
        return true;
    }

    /// <summary>
    /// Decodes a public key (fully validated, the identity rejected) and writes its Miller-loop lines. The G2
    /// subgroup check ψ(Q) = x·Q reuses the point that <see cref="Pairing.Prepare(in Fp2, in Fp2, Span{LineCoeffs}, out Fp2, out Fp2, out Fp2)"/>
    /// ends with, R = |x|·Q, instead of computing x·Q a second time: it holds when ψ(Q) = -R.
    /// </summary>
    internal static bool TryDecodeKey(ReadOnlySpan<byte> data, Span<LineCoeffs> lines, out G2Proj point)
    {
        if (!TryDecompressOnCurve(data, out point) || point.IsIdentity)
        {
            return false;
        }
        Pairing.Prepare(point.X, point.Y, lines, out Fp2 rx, out Fp2 ry, out Fp2 rz);
        // R is Jacobian: (X/Z^2, Y/Z^3). A zero Z means |x|·Q is the identity, which never happens in G2.
        if (Fp2.IsZero(rz))
        {
            return false;
        }
        Fp2 z2 = Fp2.Square(rz);
        Fp2 psiX = Fp2.Mul(Fp2.Conjugate(point.X), FrobeniusConstants.PsiX);
        Fp2 psiY = Fp2.Mul(Fp2.Conjugate(point.Y), FrobeniusConstants.PsiY);
        return Fp2.Equal(Fp2.Mul(psiX, z2), rx) && Fp2.Equal(Fp2.Mul(psiY, Fp2.Mul(z2, rz)), Fp2.Neg(ry));
    }

    /// <summary>Encodes to the 96-byte ZCash compressed form.</summary>
    internal static void Compress(in G2Proj p, Span<byte> output)
    {
        if (!p.TryToAffine(out Fp2 x, out Fp2 y))
        {
            output[..CompressedSize].Clear();
            output[0] = 0xc0;
            return;
        }
        x.C1.ToBytesBigEndian(output[..48]);
        x.C0.ToBytesBigEndian(output.Slice(48, 48));
        output[0] |= 0x80;
        if (Fp2.IsLexicographicallyLargest(y))
        {
            output[0] |= 0x20;
        }
    }
}
