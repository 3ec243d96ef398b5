namespace Icp.Bls12381;

/// <summary>Fp12 = Fp6[w]/(w^2 - v); an element is c0 + c1·w. Pairing values live here.</summary>
internal readonly struct Fp12
{
    internal readonly Fp6 C0, C1;

    internal Fp12(in Fp6 c0, in Fp6 c1)
    {
        C0 = c0;
        C1 = c1;
    }

    internal static Fp12 One => new(Fp6.One, Fp6.Zero);

    internal static bool Equal(in Fp12 a, in Fp12 b) => Fp6.Equal(a.C0, b.C0) & Fp6.Equal(a.C1, b.C1);

    internal bool IsOne => Equal(this, One);

    internal static Fp12 Mul(in Fp12 a, in Fp12 b)
    {
        Fp6 aa = a.C0 * b.C0;
        Fp6 bb = a.C1 * b.C1;
        Fp6 c1 = (a.C0 + a.C1) * (b.C0 + b.C1) - aa - bb;
        return new Fp12(aa + Fp6.MulByNonResidue(bb), c1);
    }

    /// <summary>Complex squaring: two Fp6 products instead of three.</summary>
    internal static Fp12 Square(in Fp12 a)
    {
        Fp6 ab = a.C0 * a.C1;
        Fp6 s = (a.C0 + a.C1) * (a.C0 + Fp6.MulByNonResidue(a.C1));
        Fp6 c0 = s - ab - Fp6.MulByNonResidue(ab);
        return new Fp12(c0, ab + ab);
    }

    /// <summary>
    /// Product with a sparse line value c0 + c1·v + c4·v·w (slots 0, 1 and 4 of the Fp2 basis),
    /// the shape produced by the M-type twist lines of the Miller loop.
    /// </summary>
    internal static Fp12 MulBy014(in Fp12 a, in Fp2 c0, in Fp2 c1, in Fp2 c4)
    {
        Fp6 aa = Fp6.MulBy01(a.C0, c0, c1);
        Fp6 bb = Fp6.MulBy1(a.C1, c4);
        Fp2 o = c1 + c4;
        Fp6 t = Fp6.MulBy01(a.C1 + a.C0, c0, o) - aa - bb;
        return new Fp12(Fp6.MulByNonResidue(bb) + aa, t);
    }

    /// <summary>The conjugate c0 - c1·w, which is the p^6-power Frobenius and the inverse in the cyclotomic subgroup.</summary>
    internal static Fp12 Conjugate(in Fp12 a) => new(a.C0, Fp6.Neg(a.C1));

    internal static Fp12 Invert(in Fp12 a)
    {
        Fp6 t = Fp6.Invert(Fp6.Square(a.C0) - Fp6.MulByNonResidue(Fp6.Square(a.C1)));
        return new Fp12(a.C0 * t, Fp6.Neg(a.C1 * t));
    }

    /// <summary>p-power Frobenius: w^p = ξ^((p-1)/6)·w.</summary>
    internal static Fp12 Frobenius(in Fp12 a) => new(
        Fp6.Frobenius(a.C0),
        Fp6.MulByFp2(Fp6.Frobenius(a.C1), FrobeniusConstants.W1));

    internal static Fp12 Frobenius(in Fp12 a, int times)
    {
        Fp12 r = a;
        for (int i = 0; i < times; i++)
        {
            r = Frobenius(r);
        }
        return r;
    }

    /// <summary>a^e for a non-negative exponent (tests and one-off checks only).</summary>
    internal static Fp12 Pow(in Fp12 a, System.Numerics.BigInteger e)
    {
        Fp12 r = One;
        Fp12 b = a;
        while (e > 0)
        {
            if (!e.IsEven)
            {
                r = Mul(r, b);
            }
            b = Square(b);
            e >>= 1;
        }
        return r;
    }

    public static Fp12 operator *(in Fp12 a, in Fp12 b) => Mul(a, b);
}
