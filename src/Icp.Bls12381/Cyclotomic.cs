namespace Icp.Bls12381;

/// <summary>
/// Arithmetic in the cyclotomic subgroup of Fp12 (elements with f^(p^6+1) = 1), where squaring is much
/// cheaper (Granger–Scott, ePrint 2009/565) and inversion is conjugation.
/// </summary>
internal static class Cyclotomic
{
    /// <summary>Squares a + b·s in Fp4 = Fp2[s]/(s^2 - ξ).</summary>
    private static void Fp4Square(in Fp2 a, in Fp2 b, out Fp2 c0, out Fp2 c1)
    {
        Fp2 t0 = Fp2.Square(a);
        Fp2 t1 = Fp2.Square(b);
        c0 = Fp2.MulByNonResidue(t1) + t0;
        c1 = Fp2.Square(a + b) - t0 - t1;
    }

    internal static Fp12 Square(in Fp12 f)
    {
        Fp2 z0 = f.C0.C0, z4 = f.C0.C1, z3 = f.C0.C2;
        Fp2 z2 = f.C1.C0, z1 = f.C1.C1, z5 = f.C1.C2;

        Fp4Square(z0, z1, out Fp2 t0, out Fp2 t1);
        z0 = t0 - z0;
        z0 = Fp2.Double(z0) + t0;
        z1 = t1 + z1;
        z1 = Fp2.Double(z1) + t1;

        Fp4Square(z2, z3, out t0, out t1);
        Fp4Square(z4, z5, out Fp2 t2, out Fp2 t3);
        z4 = t0 - z4;
        z4 = Fp2.Double(z4) + t0;
        z5 = t1 + z5;
        z5 = Fp2.Double(z5) + t1;

        t0 = Fp2.MulByNonResidue(t3);
        z2 = t0 + z2;
        z2 = Fp2.Double(z2) + t0;
        z3 = t2 - z3;
        z3 = Fp2.Double(z3) + t2;

        return new Fp12(new Fp6(z0, z4, z3), new Fp6(z2, z1, z5));
    }

    /// <summary>f^x for the (negative) BLS parameter x: square-and-multiply over |x|, then conjugate.</summary>
    internal static Fp12 ExpByX(in Fp12 f)
    {
        Fp12 tmp = Fp12.One;
        bool started = false;
        for (int b = 63; b >= 0; b--)
        {
            bool bit = ((Bls12381Params.XAbs >> b) & 1) != 0;
            if (started)
            {
                tmp = Square(tmp);
            }
            else
            {
                started = bit;
            }
            if (bit)
            {
                tmp *= f;
            }
        }
        return Fp12.Conjugate(tmp);
    }
}
