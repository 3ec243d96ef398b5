namespace Icp.Bls12381;

/// <summary>Fp6 = Fp2[v]/(v^3 - ξ) with ξ = 1 + u; an element is c0 + c1·v + c2·v^2.</summary>
internal readonly struct Fp6
{
    internal readonly Fp2 C0, C1, C2;

    internal Fp6(in Fp2 c0, in Fp2 c1, in Fp2 c2)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
    }

    internal static Fp6 Zero => default;

    internal static Fp6 One => new(Fp2.One, Fp2.Zero, Fp2.Zero);

    internal static bool Equal(in Fp6 a, in Fp6 b) => Fp2.Equal(a.C0, b.C0) & Fp2.Equal(a.C1, b.C1) & Fp2.Equal(a.C2, b.C2);

    internal static Fp6 Add(in Fp6 a, in Fp6 b) => new(a.C0 + b.C0, a.C1 + b.C1, a.C2 + b.C2);

    internal static Fp6 Sub(in Fp6 a, in Fp6 b) => new(a.C0 - b.C0, a.C1 - b.C1, a.C2 - b.C2);

    internal static Fp6 Neg(in Fp6 a) => new(-a.C0, -a.C1, -a.C2);

    /// <summary>Karatsuba-style product with six Fp2 multiplications (Devegili et al.).</summary>
    internal static Fp6 Mul(in Fp6 a, in Fp6 b)
    {
        Fp2 aa = a.C0 * b.C0;
        Fp2 bb = a.C1 * b.C1;
        Fp2 cc = a.C2 * b.C2;
        Fp2 t1 = Fp2.MulByNonResidue((a.C1 + a.C2) * (b.C1 + b.C2) - bb - cc) + aa;
        Fp2 t2 = (a.C0 + a.C1) * (b.C0 + b.C1) - aa - bb + Fp2.MulByNonResidue(cc);
        Fp2 t3 = (a.C0 + a.C2) * (b.C0 + b.C2) - aa - cc + bb;
        return new Fp6(t1, t2, t3);
    }

    /// <summary>Chung–Hasan SQR2: three Fp2 squarings and two products.</summary>
    internal static Fp6 Square(in Fp6 a)
    {
        Fp2 s0 = Fp2.Square(a.C0);
        Fp2 s1 = Fp2.Double(a.C0 * a.C1);
        Fp2 s2 = Fp2.Square(a.C0 - a.C1 + a.C2);
        Fp2 s3 = Fp2.Double(a.C1 * a.C2);
        Fp2 s4 = Fp2.Square(a.C2);
        return new Fp6(
            Fp2.MulByNonResidue(s3) + s0,
            Fp2.MulByNonResidue(s4) + s1,
            s1 + s2 + s3 - s0 - s4);
    }

    /// <summary>Multiplies by v: (c0 + c1·v + c2·v^2)·v = ξ·c2 + c0·v + c1·v^2.</summary>
    internal static Fp6 MulByNonResidue(in Fp6 a) => new(Fp2.MulByNonResidue(a.C2), a.C0, a.C1);

    /// <summary>Product with the sparse element b0 + b1·v (used by the Miller loop's line evaluation).</summary>
    internal static Fp6 MulBy01(in Fp6 a, in Fp2 b0, in Fp2 b1)
    {
        Fp2 aa = a.C0 * b0;
        Fp2 bb = a.C1 * b1;
        Fp2 t1 = Fp2.MulByNonResidue(a.C2 * b1) + aa;
        Fp2 t2 = (b0 + b1) * (a.C0 + a.C1) - aa - bb;
        Fp2 t3 = a.C2 * b0 + bb;
        return new Fp6(t1, t2, t3);
    }

    /// <summary>Product with the sparse element b1·v.</summary>
    internal static Fp6 MulBy1(in Fp6 a, in Fp2 b1) =>
        new(Fp2.MulByNonResidue(a.C2 * b1), a.C0 * b1, a.C1 * b1);

    internal static Fp6 MulByFp2(in Fp6 a, in Fp2 b) => new(a.C0 * b, a.C1 * b, a.C2 * b);

    internal static Fp6 Invert(in Fp6 a)
    {
        Fp2 c0 = Fp2.Square(a.C0) - Fp2.MulByNonResidue(a.C1 * a.C2);
        Fp2 c1 = Fp2.MulByNonResidue(Fp2.Square(a.C2)) - a.C0 * a.C1;
        Fp2 c2 = Fp2.Square(a.C1) - a.C0 * a.C2;
        Fp2 t = a.C0 * c0 + Fp2.MulByNonResidue(a.C2 * c1 + a.C1 * c2);
        Fp2 ti = Fp2.Invert(t);
        return new Fp6(c0 * ti, c1 * ti, c2 * ti);
    }

    /// <summary>
    /// Frobenius: conjugate each coefficient, then multiply by v^(p-1) = ξ^((p-1)/3) and v^(2(p-1)) = ξ^(2(p-1)/3).
    /// </summary>
    internal static Fp6 Frobenius(in Fp6 a) => new(
        Fp2.Conjugate(a.C0),
        Fp2.Conjugate(a.C1) * FrobeniusConstants.V1,
        Fp2.Conjugate(a.C2) * FrobeniusConstants.V2);

    public static Fp6 operator +(in Fp6 a, in Fp6 b) => Add(a, b);

    public static Fp6 operator -(in Fp6 a, in Fp6 b) => Sub(a, b);

    public static Fp6 operator *(in Fp6 a, in Fp6 b) => Mul(a, b);
}
