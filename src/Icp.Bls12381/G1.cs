namespace Icp.Bls12381;

using G1Proj = ProjectivePoint<Fp, G1Curve>;

/// <summary>G1 internals: the generator, ZCash compressed encoding and the fast subgroup check.</summary>
internal static class G1
{
    internal const int CompressedSize = 48;

    internal static readonly G1Proj Generator = G1Proj.FromAffine(
        Fp.FromHex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"),
        Fp.FromHex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1"));

    /// <summary>
    /// The cube root of unity β for which φ(x, y) = (β·x, y) acts on G1 as multiplication by -x^2.
    /// Of the two non-trivial cube roots, the right one is picked by testing it on the generator.
    /// </summary>
    internal static readonly Fp Beta = ChooseBeta();

    private static Fp ChooseBeta()
    {
        // 2 is not a cube mod p, so 2^((p-1)/3) is a primitive cube root of unity.
        Fp w = Fp.Pow(Fp.FromBigInteger(2), Fp.ToLimbs((Fp.Modulus - 1) / 3));
        G1Proj target = G1Proj.Neg(G1Proj.MulVartime(G1Proj.MulVartime(Generator, Bls12381Params.XAbs), Bls12381Params.XAbs));
        G1Proj candidate = new(Fp.Mul(Generator.X, w), Generator.Y, Generator.Z);
        return G1Proj.Equal(candidate, target) ? w : Fp.Square(w);
    }

    /// <summary>
    /// Subgroup membership for a point already on the curve: φ(P) = -x^2·P holds exactly on G1
    /// (Scott, ePrint 2021/1130 §6; proof in 2022/352). Two 64-bit multiplications instead of one by r.
    /// </summary>
    internal static bool IsInSubgroup(in G1Proj p)
    {
        G1Proj phi = new(Fp.Mul(p.X, Beta), p.Y, p.Z);
        G1Proj x2 = G1Proj.MulVartime(G1Proj.MulVartime(p, Bls12381Params.XAbs), Bls12381Params.XAbs);
        return G1Proj.Equal(phi, G1Proj.Neg(x2));
    }

    /// <summary>
    /// Decodes the 48-byte ZCash compressed form with full validation: flags, canonical x &lt; p,
    /// on the curve and in G1. The identity is accepted only as 0xc0 followed by zeros.
    /// </summary>
    internal static bool TryDecompress(ReadOnlySpan<byte> data, out G1Proj point)
    {
        point = G1Proj.Identity;
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
            // Only the canonical encoding: no sign bit, all other bits zero.
            if (sign || (flags & 0x1f) != 0 || data[1..].ContainsAnyExcept((byte)0))
            {
                return false;
            }
            return true;
        }
        Span<byte> xb = stackalloc byte[CompressedSize];
        data.CopyTo(xb);
        xb[0] &= 0x1f;
        if (!Fp.TryFromBytesBigEndian(xb, out Fp x))
        {
            return false;
        }
        Fp rhs = Fp.Add(Fp.Mul(Fp.Square(x), x), G1Curve.B);
        if (!Fp.TrySqrt(rhs, out Fp y))
        {
            return false;
        }
        if (Fp.IsLexicographicallyLargest(y) != sign)
        {
            y = Fp.Neg(y);
        }
        point = G1Proj.FromAffine(x, y);
        return IsInSubgroup(point);
    }

    /// <summary>Encodes to the 48-byte ZCash compressed form.</summary>
    internal static void Compress(in G1Proj p, Span<byte> output)
    {
        if (!p.TryToAffine(out Fp x, out Fp y))
        {
            output[..CompressedSize].Clear();
            output[0] = 0xc0;
            return;
        }
        x.ToBytesBigEndian(output);
        output[0] |= 0x80;
        if (Fp.IsLexicographicallyLargest(y))
        {
            output[0] |= 0x20;
        }
    }
}
