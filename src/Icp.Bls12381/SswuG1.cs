namespace Icp.Bls12381;

using G1Proj = ProjectivePoint<Fp, G1Curve>;

/// <summary>RFC 9380 map_to_curve for G1: simplified SWU onto E1', then the 11-isogeny to E1.</summary>
internal static class SswuG1
{
    private static readonly Fp Z = Fp.FromBigInteger(11);

    // sqrt_ratio for p = 3 mod 4 (RFC 9380 F.2.1.2): c1 = (p - 3)/4, c2 = sqrt(-Z).
    private static readonly ulong[] C1 = Fp.ToLimbs((Fp.Modulus - 3) / 4);
    private static readonly Fp C2 = SqrtMinusZ();

    private static Fp SqrtMinusZ()
    {
        if (!Fp.TrySqrt(Fp.Neg(Z), out Fp r))
        {
            throw new InvalidOperationException("-Z must be a square for the 3 mod 4 sqrt_ratio.");
        }
        return r;
    }

    /// <summary>(is u/v square, sqrt(u/v) or sqrt(Z·u/v)) with a single exponentiation.</summary>
    private static bool SqrtRatio(in Fp u, in Fp v, out Fp y)
    {
        Fp tv2 = Fp.Mul(u, v);
        Fp tv1 = Fp.Mul(Fp.Square(v), tv2);
        Fp y1 = Fp.Mul(Fp.Pow(tv1, C1), tv2);
        Fp y2 = Fp.Mul(y1, C2);
        bool isQr = Fp.Equal(Fp.Mul(Fp.Square(y1), v), u);
        y = Fp.Select(y2, y1, isQr);
        return isQr;
    }

    /// <summary>The optimized simplified SWU map (RFC 9380 F.2) onto E1'; returns affine (x, y).</summary>
    internal static void MapToIsoCurve(in Fp u, out Fp x, out Fp y)
    {
        Fp a = Iso11.A, b = Iso11.B;
        Fp tv1 = Fp.Mul(Z, Fp.Square(u));
        Fp tv2 = Fp.Add(Fp.Square(tv1), tv1);
        Fp tv3 = Fp.Mul(b, Fp.Add(tv2, Fp.One));
        Fp tv4 = Fp.Mul(a, Fp.Select(Fp.Neg(tv2), Z, tv2.IsZeroValue));
        tv2 = Fp.Square(tv3);
        Fp tv6 = Fp.Square(tv4);
        Fp tv5 = Fp.Mul(a, tv6);
        tv2 = Fp.Mul(Fp.Add(tv2, tv5), tv3);
        tv6 = Fp.Mul(tv6, tv4);
        tv5 = Fp.Mul(b, tv6);
        tv2 = Fp.Add(tv2, tv5);
        Fp xn = Fp.Mul(tv1, tv3);
        bool isGx1Square = SqrtRatio(tv2, tv6, out Fp y1);
        Fp yy = Fp.Mul(Fp.Mul(tv1, u), y1);
        xn = Fp.Select(xn, tv3, isGx1Square);
        yy = Fp.Select(yy, y1, isGx1Square);
        yy = Fp.Select(Fp.Neg(yy), yy, Fp.Sgn0(u) == Fp.Sgn0(yy));
        x = Fp.Mul(xn, Fp.Invert(tv4));
        y = yy;
    }

    private static Fp Horner(Fp[] coeffs, in Fp x)
    {
        Fp acc = coeffs[^1];
        for (int i = coeffs.Length - 2; i >= 0; i--)
        {
            acc = Fp.Add(Fp.Mul(acc, x), coeffs[i]);
        }
        return acc;
    }

    /// <summary>
    /// The 11-isogeny E1' → E1, written projectively (X : Y : Z) = (xn·yd : y·yn·xd : xd·yd) so that
    /// no inversion is needed. A vanishing denominator means the identity, as the RFC prescribes.
    /// </summary>
    internal static G1Proj IsoMap(in Fp x, in Fp y)
    {
        Fp xn = Horner(Iso11.XNum, x), xd = Horner(Iso11.XDen, x);
        Fp yn = Horner(Iso11.YNum, x), yd = Horner(Iso11.YDen, x);
        if (xd.IsZeroValue || yd.IsZeroValue)
        {
            return G1Proj.Identity;
        }
        return new G1Proj(Fp.Mul(xn, yd), Fp.Mul(Fp.Mul(y, yn), xd), Fp.Mul(xd, yd));
    }

    internal static G1Proj MapToCurve(in Fp u)
    {
        MapToIsoCurve(u, out Fp x, out Fp y);
        return IsoMap(x, y);
    }

    /// <summary>Clears the cofactor with h_eff = 1 - x = 0xd201000000010001 (RFC 9380 §8.8.1).</summary>
    internal static G1Proj ClearCofactor(in G1Proj p) => G1Proj.MulVartime(p, Bls12381Params.XAbs + 1);
}
