namespace Icp.Bls12381;

/// <summary>Parameters of a short Weierstrass curve y^2 = x^3 + b (a = 0) over the field F.</summary>
internal interface ICurve<F> where F : struct, IField<F>
{
    /// <summary>The constant b.</summary>
    static abstract F B { get; }

    /// <summary>Multiplies by 3b, the constant of the complete addition formulas.</summary>
    static abstract F MulBy3B(in F a);
}

/// <summary>E1: y^2 = x^3 + 4 over Fp.</summary>
internal readonly struct G1Curve : ICurve<Fp>
{
    private static readonly Fp BValue = Fp.FromBigInteger(4);

    public static Fp B => BValue;

    public static Fp MulBy3B(in Fp a)
    {
        // 12a = 4·(3a), with additions only.
        Fp t = Fp.Add(Fp.Double(a), a);
        t = Fp.Double(t);
        return Fp.Double(t);
    }
}

/// <summary>E2 (the M-type sextic twist): y^2 = x^3 + 4(1 + u) over Fp2.</summary>
internal readonly struct G2Curve : ICurve<Fp2>
{
    private static readonly Fp2 BValue = Fp2.FromBigIntegers(4, 4);

    public static Fp2 B => BValue;

    public static Fp2 MulBy3B(in Fp2 a)
    {
        // 12(1 + u)·a = 12·ξ·a.
        Fp2 t = Fp2.MulByNonResidue(a);
        Fp2 t3 = Fp2.Add(Fp2.Double(t), t);
        t3 = Fp2.Double(t3);
        return Fp2.Double(t3);
    }
}
