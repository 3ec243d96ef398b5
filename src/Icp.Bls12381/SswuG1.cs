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
        MapToIsoCurveFraction(u, out Fp xn, out Fp xd, out y);
        x = Fp.Mul(xn, Fp.Invert(xd));
    }

    /// <summary>
    /// The same map with x left as the fraction xn/xd, as RFC 9380 F.2 computes it; xd is never zero. The
    /// isogeny can consume the fraction directly (<see cref="IsoMapFraction"/>), which saves an inversion.
    /// </summary>
    internal static void MapToIsoCurveFraction(in Fp u, out Fp xn, out Fp xd, out Fp y)
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
        xn = Fp.Mul(tv1, tv3);
        bool isGx1Square = SqrtRatio(tv2, tv6, out Fp y1);
        Fp yy = Fp.Mul(Fp.Mul(tv1, u), y1);
        xn = Fp.Select(xn, tv3, isGx1Square);
        yy = Fp.Select(yy, y1, isGx1Square);
        yy = Fp.Select(Fp.Neg(yy), yy, Fp.Sgn0(u) == Fp.Sgn0(yy));
        xd = tv4;
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

    /// <summary>
    /// d^deg·c(n/d) = Σ cᵢ·nⁱ·d^(deg-i), the polynomial c at the fraction n/d made homogeneous, by Horner's rule
    /// with the precomputed powers of d.
    /// </summary>
    private static Fp HornerHomogeneous(Fp[] coeffs, in Fp n, ReadOnlySpan<Fp> dPowers)
    {
        int deg = coeffs.Length - 1;
        Fp acc = coeffs[deg];
        for (int i = deg - 1; i >= 0; i--)
        {
            acc = Fp.Add(Fp.Mul(acc, n), Fp.Mul(coeffs[i], dPowers[deg - i]));
        }
        return acc;
    }

    /// <summary>
    /// <see cref="IsoMap"/> at x = xn/xd without dividing: with the numerators and denominators made homogeneous
    /// of degree 11 (x) and 15 (y), x' = XN/(xd·XD') and y' = y·YN/YD, so (X : Y : Z) = (XN·YD : y·YN·xd·XD' : xd·XD'·YD).
    /// About 110 products, against an inversion of about 470.
    /// </summary>
    internal static G1Proj IsoMapFraction(in Fp xn, in Fp xd, in Fp y)
    {
        Span<Fp> dPowers = stackalloc Fp[16];
        dPowers[0] = Fp.One;
        for (int i = 1; i < dPowers.Length; i++)
        {
            dPowers[i] = Fp.Mul(dPowers[i - 1], xd);
        }
        Fp xNum = HornerHomogeneous(Iso11.XNum, xn, dPowers);                   // xd^11·XN(x)
        Fp xDen = Fp.Mul(HornerHomogeneous(Iso11.XDen, xn, dPowers), xd);       // xd^11·XD(x)
        Fp yNum = HornerHomogeneous(Iso11.YNum, xn, dPowers);                   // xd^15·YN(x)
        Fp yDen = HornerHomogeneous(Iso11.YDen, xn, dPowers);                   // xd^15·YD(x)
        if (xDen.IsZeroValue || yDen.IsZeroValue)
        {
            return G1Proj.Identity;
        }
        return new G1Proj(Fp.Mul(xNum, yDen), Fp.Mul(Fp.Mul(y, yNum), xDen), Fp.Mul(xDen, yDen));
    }

    internal static G1Proj MapToCurve(in Fp u)
    {
        MapToIsoCurveFraction(u, out Fp xn, out Fp xd, out Fp y);
        return IsoMapFraction(xn, xd, y);
    }

    /// <summary>Clears the cofactor with h_eff = 1 - x = 0xd201000000010001 (RFC 9380 §8.8.1).</summary>
    internal static G1Proj ClearCofactor(in G1Proj p) => G1Proj.MulVartime(p, Bls12381Params.XAbs + 1);
}
