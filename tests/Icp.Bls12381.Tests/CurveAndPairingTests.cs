using System.Numerics;

namespace Icp.Bls12381.Tests;

using G1Proj = ProjectivePoint<Fp, G1Curve>;
using G2Proj = ProjectivePoint<Fp2, G2Curve>;

public class CurveAndPairingTests
{
    private static ulong[] Limbs(BigInteger k)
    {
        var l = new ulong[4];
        for (int i = 0; i < 4; i++) { l[i] = (ulong)(k & ulong.MaxValue); k >>= 64; }
        return l;
    }

    [Fact]
    public void GeneratorsAreOnTheCurveAndHaveOrderR()
    {
        Assert.True(G1.Generator.IsOnCurve());
        Assert.True(G2.Generator.IsOnCurve());
        Assert.True(G1Proj.MulConstantTime(G1.Generator, Limbs(Bls12381Params.R)).IsIdentity);
        Assert.True(G2Proj.MulConstantTime(G2.Generator, Limbs(Bls12381Params.R)).IsIdentity);
        Assert.True(G1.IsInSubgroup(G1.Generator));
        Assert.True(G2.IsInSubgroup(G2.Generator));
    }

    [Fact]
    public void CompleteFormulasAgree()
    {
        G1Proj g = G1.Generator;
        G1Proj two = G1Proj.Double(g);
        Assert.True(G1Proj.Equal(two, G1Proj.Add(g, g)));
        G1Proj three = G1Proj.Add(two, g);
        Assert.True(G1Proj.Equal(three, G1Proj.MulVartime(g, 3)));
        Assert.True(G1Proj.Equal(g, G1Proj.Add(g, G1Proj.Identity)));
        Assert.True(G1Proj.Add(g, G1Proj.Neg(g)).IsIdentity);
        Assert.True(G1Proj.Double(G1Proj.Identity).IsIdentity);
        G2Proj h = G2.Generator;
        Assert.True(G2Proj.Equal(G2Proj.Double(h), G2Proj.Add(h, h)));
        Assert.True(G2Proj.Equal(G2Proj.MulVartime(h, 5), G2Proj.MulConstantTime(h, [5UL, 0, 0, 0])));
    }

    [Fact]
    public void PairingIsBilinearAndNonDegenerate()
    {
        BigInteger a = 0x1234567890abcdefUL, b = 0xfedcba987654321UL;
        G1Proj p = G1.Generator;
        G2Proj q = G2.Generator;
        Fp12 e = Pairing.Pair(p, q);
        Assert.False(e.IsOne);
        Assert.True(Fp12.Pow(e, Bls12381Params.R).IsOne);
        Fp12 eab = Pairing.Pair(G1Proj.MulConstantTime(p, Limbs(a)), G2Proj.MulConstantTime(q, Limbs(b)));
        Assert.True(Fp12.Equal(eab, Fp12.Pow(e, a * b)));
    }
}
