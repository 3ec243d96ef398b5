using System.Numerics;

namespace Icp.Bls12381;

/// <summary>Fp2 = Fp[u]/(u^2 + 1); an element is c0 + c1·u.</summary>
internal readonly struct Fp2 : IField<Fp2>
{
    internal readonly Fp C0, C1;

    internal Fp2(in Fp c0, in Fp c1)
    {
        C0 = c0;
        C1 = c1;
    }

    public static Fp2 Zero => default;

    public static Fp2 One => new(Fp.One, Fp.Zero);

    internal static Fp2 FromBigIntegers(BigInteger c0, BigInteger c1) => new(Fp.FromBigInteger(c0), Fp.FromBigInteger(c1));

    public static bool IsZero(in Fp2 a) => a.C0.IsZeroValue && a.C1.IsZeroValue;

    public static bool Equal(in Fp2 a, in Fp2 b) => Fp.Equal(a.C0, b.C0) & Fp.Equal(a.C1, b.C1);

    public static Fp2 Select(in Fp2 a, in Fp2 b, bool choice) => new(Fp.Select(a.C0, b.C0, choice), Fp.Select(a.C1, b.C1, choice));

    public static Fp2 Add(in Fp2 a, in Fp2 b) => new(Fp.Add(a.C0, b.C0), Fp.Add(a.C1, b.C1));

    public static Fp2 Sub(in Fp2 a, in Fp2 b) => new(Fp.Sub(a.C0, b.C0), Fp.Sub(a.C1, b.C1));

    public static Fp2 Double(in Fp2 a) => new(Fp.Double(a.C0), Fp.Double(a.C1));

    public static Fp2 Neg(in Fp2 a) => new(Fp.Neg(a.C0), Fp.Neg(a.C1));

    /// <summary>
    /// Karatsuba with lazy reduction: three double-width products, combined before reducing, so only
    /// two Montgomery reductions are needed. c1 = (a0 + a1)(b0 + b1) - a0·b0 - a1·b1 is never negative,
    /// and c0 = a0·b0 - a1·b1 is lifted by p·2^384 when it is. (s - a0·b0 = a0·b1 + a1·b0 + a1·b1 is not negative
    /// either, so c1 needs no correction steps at all.)
    /// </summary>
    public static Fp2 Mul(in Fp2 a, in Fp2 b)
    {
        FpWide aa = Fp.MulWide(a.C0, b.C0);
        FpWide bb = Fp.MulWide(a.C1, b.C1);
        FpWide s = Fp.MulWide(Fp.AddNoReduce(a.C0, a.C1), Fp.AddNoReduce(b.C0, b.C1));
        return new Fp2(Fp.Redc(FpWide.Sub(aa, bb)), Fp.Redc(FpWide.SubNoUnderflow(FpWide.SubNoUnderflow(s, aa), bb)));
    }

    /// <summary>
    /// (a0 + a1·u)^2 = (a0 + a1)(a0 - a1) + 2·a0·a1·u: two base-field products. The factors are left
    /// unreduced (below 2p: a0 + a1, a0 - a1 + p, 2·a0), which the double-width product and Montgomery
    /// reduction accept because 4p^2 &lt; p·2^384; that saves three conditional subtractions.
    /// </summary>
    public static Fp2 Square(in Fp2 a)
    {
        Fp c0 = Fp.Redc(Fp.MulWide(Fp.AddNoReduce(a.C0, a.C1), Fp.SubPlusP(a.C0, a.C1)));
        Fp c1 = Fp.Redc(Fp.MulWide(Fp.AddNoReduce(a.C0, a.C0), a.C1));
        return new Fp2(c0, c1);
    }

    /// <summary>The plain squaring, kept as the reference for tests of <see cref="Square"/>.</summary>
    internal static Fp2 SquareReference(in Fp2 a)
    {
        Fp c0 = Fp.Mul(Fp.Add(a.C0, a.C1), Fp.Sub(a.C0, a.C1));
        Fp c1 = Fp.Mul(a.C0, a.C1);
        return new Fp2(c0, Fp.Double(c1));
    }

    internal static Fp2 MulByFp(in Fp2 a, in Fp b) => new(Fp.Mul(a.C0, b), Fp.Mul(a.C1, b));

    /// <summary>Multiplies by the Fp6 non-residue ξ = 1 + u: (a0 - a1) + (a0 + a1)·u.</summary>
    internal static Fp2 MulByNonResidue(in Fp2 a) => new(Fp.Sub(a.C0, a.C1), Fp.Add(a.C0, a.C1));

    /// <summary>The p-power Frobenius map is conjugation, because u^p = -u.</summary>
    internal static Fp2 Conjugate(in Fp2 a) => new(a.C0, Fp.Neg(a.C1));

    /// <summary>1/(a0 + a1·u) = (a0 - a1·u)/(a0^2 + a1^2); zero maps to zero.</summary>
    public static Fp2 Invert(in Fp2 a)
    {
        Fp t = Fp.Invert(Fp.Add(Fp.Square(a.C0), Fp.Square(a.C1)));
        return new Fp2(Fp.Mul(a.C0, t), Fp.Neg(Fp.Mul(a.C1, t)));
    }

    /// <summary>a^e for a public exponent (little-endian limbs).</summary>
    internal static Fp2 Pow(in Fp2 a, ReadOnlySpan<ulong> e)
    {
        Fp2 r = One;
        for (int i = e.Length - 1; i >= 0; i--)
        {
            for (int bit = 63; bit >= 0; bit--)
            {
                r = Square(r);
                if (((e[i] >> bit) & 1) != 0)
                {
                    r = Mul(r, a);
                }
            }
        }
        return r;
    }

    internal static Fp2 Pow(in Fp2 a, BigInteger e) => Pow(a, ToLimbsVar(e));

    internal static ulong[] ToLimbsVar(BigInteger e)
    {
        var list = new List<ulong>();
        while (e > 0)
        {
            list.Add((ulong)(e & ulong.MaxValue));
            e >>= 64;
        }
        return list.ToArray();
    }

    private static readonly Fp InverseOfTwo = Fp.FromBigInteger((Fp.Modulus + 1) / 2);

    /// <summary>
    /// Square root in Fp2 through the norm (p = 3 mod 4): with n = a0^2 + a1^2 and s = sqrt(n), one of
    /// (a0 ± s)/2 is a square t in Fp, and then sqrt(a) = sqrt(t) + a1/(2·sqrt(t))·u. This costs three or
    /// four Fp exponentiations instead of two full Fp2 ones. Returns false when a is not a square.
    /// </summary>
    internal static bool TrySqrt(in Fp2 a, out Fp2 root)
    {
        if (a.C1.IsZeroValue)
        {
            // a is in Fp: either it has a root in Fp, or -a does and the root is purely imaginary.
            if (Fp.TrySqrt(a.C0, out Fp r))
            {
                root = new Fp2(r, Fp.Zero);
                return true;
            }
            bool ok = Fp.TrySqrt(Fp.Neg(a.C0), out Fp ri);
            root = new Fp2(Fp.Zero, ri);
            return ok;
        }
        if (!Fp.TrySqrt(Fp.Add(Fp.Square(a.C0), Fp.Square(a.C1)), out Fp s))
        {
            root = Zero;
            return false;
        }
        Fp t = Fp.Mul(Fp.Add(a.C0, s), InverseOfTwo);
        if (!Fp.TrySqrt(t, out Fp x0))
        {
            t = Fp.Sub(t, s);
            if (!Fp.TrySqrt(t, out x0))
            {
                root = Zero;
                return false;
            }
        }
        Fp x1 = Fp.Mul(a.C1, Fp.Invert(Fp.Double(x0)));
        root = new Fp2(x0, x1);
        return Equal(Square(root), a);
    }

    /// <summary>True when a is zero or a square: its norm a0^2 + a1^2 is a square in Fp.</summary>
    internal static bool IsSquare(in Fp2 a) => Fp.IsSquare(Fp.Add(Fp.Square(a.C0), Fp.Square(a.C1)));

    /// <summary>RFC 9380 sgn0 for m = 2: the sign of c0, or of c1 when c0 is zero.</summary>
    internal static bool Sgn0(in Fp2 a) => Fp.Sgn0(a.C0) | (a.C0.IsZeroValue & Fp.Sgn0(a.C1));

    /// <summary>ZCash ordering: compare c1 first, and c0 only when c1 is zero.</summary>
    internal static bool IsLexicographicallyLargest(in Fp2 a) =>
        Fp.IsLexicographicallyLargest(a.C1) | (a.C1.IsZeroValue & Fp.IsLexicographicallyLargest(a.C0));

    public static Fp2 operator +(in Fp2 a, in Fp2 b) => Add(a, b);

    public static Fp2 operator -(in Fp2 a, in Fp2 b) => Sub(a, b);

    public static Fp2 operator *(in Fp2 a, in Fp2 b) => Mul(a, b);

    public static Fp2 operator -(in Fp2 a) => Neg(a);

    public override string ToString() => $"({C0}, {C1})";
}
