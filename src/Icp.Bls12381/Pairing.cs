namespace Icp.Bls12381;

/// <summary>
/// Coefficients of one Miller-loop line, before evaluation at a G1 point (x, y):
/// the line value is C + (B·x)·v + (A·y)·v·w, a sparse Fp12 element.
/// </summary>
internal readonly struct LineCoeffs
{
    internal readonly Fp2 A, B, C;

    internal LineCoeffs(in Fp2 a, in Fp2 b, in Fp2 c)
    {
        A = a;
        B = b;
        C = c;
    }
}

/// <summary>
/// The optimal ate pairing on BLS12-381: Miller loop over |x| = 0xd201000000010000 with the G2 side
/// precomputable as line coefficients, and the final exponentiation to the power (p^12 - 1)/r.
/// </summary>
internal static class Pairing
{
    /// <summary>63 doubling lines and 5 addition lines: one per step of the loop over |x|.</summary>
    internal const int LineCount = 68;

    /// <summary>Line coefficients of the G2 generator, shared by every signature verification.</summary>
    internal static readonly LineCoeffs[] GeneratorLines = PrepareGenerator();

    private static LineCoeffs[] PrepareGenerator()
    {
        var lines = new LineCoeffs[LineCount];
        G2.Generator.TryToAffine(out Fp2 x, out Fp2 y);
        Prepare(x, y, lines);
        return lines;
    }

    /// <summary>
    /// Runs the G2 half of the Miller loop for the affine point Q = (qx, qy), storing each line.
    /// R is kept in Jacobian coordinates, with the step formulas of ePrint 2010/354 (Algorithms 26, 27).
    /// </summary>
    internal static void Prepare(in Fp2 qx, in Fp2 qy, Span<LineCoeffs> lines) => Prepare(qx, qy, lines, out _, out _, out _);

    /// <summary>
    /// <see cref="Prepare(in Fp2, in Fp2, Span{LineCoeffs})"/>, also returning where R ends: the walk over the bits
    /// of |x| computes R = |x|·Q in Jacobian coordinates, which the G2 subgroup check can use.
    /// </summary>
    internal static void Prepare(in Fp2 qx, in Fp2 qy, Span<LineCoeffs> lines, out Fp2 rx, out Fp2 ry, out Fp2 rz)
    {
        rx = qx;
        ry = qy;
        rz = Fp2.One;
        int k = 0;
        bool started = false;
        for (int b = 63; b >= 0; b--)
        {
            bool bit = (((Bls12381Params.XAbs >> 1) >> b) & 1) != 0;
            if (!started)
            {
                started = bit;
                continue;
            }
            lines[k++] = DoublingStep(ref rx, ref ry, ref rz);
            if (bit)
            {
                lines[k++] = AdditionStep(ref rx, ref ry, ref rz, qx, qy);
            }
        }
        lines[k] = DoublingStep(ref rx, ref ry, ref rz);
    }

    private static LineCoeffs DoublingStep(ref Fp2 rx, ref Fp2 ry, ref Fp2 rz)
    {
        Fp2 tmp0 = Fp2.Square(rx);
        Fp2 tmp1 = Fp2.Square(ry);
        Fp2 tmp2 = Fp2.Square(tmp1);
        Fp2 tmp3 = Fp2.Square(tmp1 + rx) - tmp0 - tmp2;
        tmp3 = Fp2.Double(tmp3);
        Fp2 tmp4 = Fp2.Double(tmp0) + tmp0;
        Fp2 tmp6 = rx + tmp4;
        Fp2 tmp5 = Fp2.Square(tmp4);
        Fp2 zsquared = Fp2.Square(rz);
        rx = tmp5 - tmp3 - tmp3;
        rz = Fp2.Square(rz + ry) - tmp1 - zsquared;
        ry = (tmp3 - rx) * tmp4;
        tmp2 = Fp2.Double(Fp2.Double(Fp2.Double(tmp2)));
        ry -= tmp2;
        tmp3 = Fp2.Neg(Fp2.Double(tmp4 * zsquared));
        tmp6 = Fp2.Square(tmp6) - tmp0 - tmp5;
        tmp1 = Fp2.Double(Fp2.Double(tmp1));
        tmp6 -= tmp1;
        tmp0 = Fp2.Double(rz * zsquared);
        return new LineCoeffs(tmp0, tmp3, tmp6);
    }

    private static LineCoeffs AdditionStep(ref Fp2 rx, ref Fp2 ry, ref Fp2 rz, in Fp2 qx, in Fp2 qy)
    {
        Fp2 zsquared = Fp2.Square(rz);
        Fp2 ysquared = Fp2.Square(qy);
        Fp2 t0 = zsquared * qx;
        Fp2 t1 = (Fp2.Square(qy + rz) - ysquared - zsquared) * zsquared;
        Fp2 t2 = t0 - rx;
        Fp2 t3 = Fp2.Square(t2);
        Fp2 t4 = Fp2.Double(Fp2.Double(t3));
        Fp2 t5 = t4 * t2;
        Fp2 t6 = t1 - ry - ry;
        Fp2 t9 = t6 * qx;
        Fp2 t7 = t4 * rx;
        rx = Fp2.Square(t6) - t5 - t7 - t7;
        rz = Fp2.Square(rz + t2) - zsquared - t3;
        Fp2 t10 = qy + rz;
        Fp2 t8 = (t7 - rx) * t6;
        t0 = Fp2.Double(ry * t5);
        ry = t8 - t0;
        t10 = Fp2.Square(t10) - ysquared;
        Fp2 ztsquared = Fp2.Square(rz);
        t10 -= ztsquared;
        t9 = Fp2.Double(t9) - t10;
        t10 = Fp2.Double(rz);
        t6 = Fp2.Neg(t6);
        t1 = Fp2.Double(t6);
        return new LineCoeffs(t10, t1, t9);
    }

    /// <summary>Multiplies f by the line evaluated at the affine G1 point (px, py).</summary>
    private static Fp12 Ell(in Fp12 f, in LineCoeffs l, in Fp px, in Fp py) =>
        Fp12.MulBy014(f, l.C, Fp2.MulByFp(l.B, px), Fp2.MulByFp(l.A, py));

    /// <summary>
    /// The product of Miller loops for n pairs sharing one accumulator, so f is squared once per step
    /// for all pairs. <paramref name="lines"/> holds n consecutive blocks of <see cref="LineCount"/> lines.
    /// </summary>
    internal static Fp12 MillerLoop(ReadOnlySpan<Fp> px, ReadOnlySpan<Fp> py, ReadOnlySpan<LineCoeffs> lines)
    {
        int n = px.Length;
        Fp12 f = Fp12.One;
        int k = 0;
        bool started = false;
        for (int b = 63; b >= 0; b--)
        {
            bool bit = (((Bls12381Params.XAbs >> 1) >> b) & 1) != 0;
            if (!started)
            {
                started = bit;
                continue;
            }
            for (int i = 0; i < n; i++)
            {
                f = Ell(f, lines[i * LineCount + k], px[i], py[i]);
            }
            k++;
            if (bit)
            {
                for (int i = 0; i < n; i++)
                {
                    f = Ell(f, lines[i * LineCount + k], px[i], py[i]);
                }
                k++;
            }
            f = Fp12.Square(f);
        }
        for (int i = 0; i < n; i++)
        {
            f = Ell(f, lines[i * LineCount + k], px[i], py[i]);
        }
        // x is negative: f_{x,Q} = 1/f_{|x|,Q}, and after the final exponentiation the conjugate is that inverse.
        return Fp12.Conjugate(f);
    }

    /// <summary>
    /// Raises to (p^12 - 1)/r: the easy part (p^6 - 1)(p^2 + 1) with one inversion and Frobenius maps,
    /// then the hard part with the addition chain of Hayashida–Hayasaka–Teruya (as in zkcrypto's bls12_381)
    /// using cyclotomic squarings.
    /// </summary>
    internal static Fp12 FinalExponentiation(in Fp12 f)
    {
        Fp12 t0 = Fp12.Frobenius(f, 6);
        Fp12 t1 = Fp12.Invert(f);
        Fp12 t2 = t0 * t1;
        t1 = t2;
        t2 = Fp12.Frobenius(t2, 2);
        t2 *= t1;
        t1 = Fp12.Conjugate(Cyclotomic.Square(t2));
        Fp12 t3 = Cyclotomic.ExpByX(t2);
        Fp12 t4 = Cyclotomic.Square(t3);
        Fp12 t5 = t1 * t3;
        t1 = Cyclotomic.ExpByX(t5);
        t0 = Cyclotomic.ExpByX(t1);
        Fp12 t6 = Cyclotomic.ExpByX(t0);
        t6 *= t4;
        t4 = Cyclotomic.ExpByX(t6);
        t5 = Fp12.Conjugate(t5);
        t4 *= t5 * t2;
        t5 = Fp12.Conjugate(t2);
        t1 *= t2;
        t1 = Fp12.Frobenius(t1, 3);
        t6 *= t5;
        t6 = Fp12.Frobenius(t6);
        t3 *= t0;
        t3 = Fp12.Frobenius(t3, 2);
        t3 *= t1;
        t3 *= t6;
        return t3 * t4;
    }

    /// <summary>e(P, Q) for affine points; the identity on either side gives 1.</summary>
    internal static Fp12 Pair(in ProjectivePoint<Fp, G1Curve> p, in ProjectivePoint<Fp2, G2Curve> q)
    {
        if (!p.TryToAffine(out Fp px, out Fp py) || !q.TryToAffine(out Fp2 qx, out Fp2 qy))
        {
            return Fp12.One;
        }
        var lines = new LineCoeffs[LineCount];
        Prepare(qx, qy, lines);
        return FinalExponentiation(MillerLoop([px], [py], lines));
    }
}
