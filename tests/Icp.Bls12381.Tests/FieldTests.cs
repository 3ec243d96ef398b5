using System.Numerics;

namespace Icp.Bls12381.Tests;

public class FieldTests
{
    private static readonly BigInteger P = Fp.Modulus;

    private static BigInteger RandomBelowP(Random rng)
    {
        var bytes = new byte[49];
        rng.NextBytes(bytes);
        bytes[48] = 0;
        return new BigInteger(bytes) % P;
    }

    [Fact]
    public void MontgomeryConstantsMatchTheModulus()
    {
        BigInteger p = 0;
        foreach (ulong limb in new[] { Fp.P5, Fp.P4, Fp.P3, Fp.P2, Fp.P1, Fp.P0 })
        {
            p = (p << 64) | limb;
        }
        Assert.Equal(Fp.Modulus, p);
        BigInteger twoTo64 = BigInteger.One << 64;
        Assert.Equal(twoTo64 - 1, (Fp.Modulus * Fp.Inv) % twoTo64);
    }

    [Fact]
    public void ArithmeticMatchesBigInteger()
    {
        var rng = new Random(1);
        for (int i = 0; i < 300; i++)
        {
            BigInteger a = RandomBelowP(rng), b = RandomBelowP(rng);
            if (i == 0) { a = P - 1; b = P - 1; }
            if (i == 1) { a = 0; }
            Fp fa = Fp.FromBigInteger(a), fb = Fp.FromBigInteger(b);
            Assert.Equal(a, fa.ToBigInteger());
            Assert.Equal((a * b) % P, (fa * fb).ToBigInteger());
            Assert.Equal((a + b) % P, (fa + fb).ToBigInteger());
            Assert.Equal(((a - b) % P + P) % P, (fa - fb).ToBigInteger());
            Assert.Equal((P - a) % P, (-fa).ToBigInteger());
            Assert.Equal((a * a) % P, Fp.Square(fa).ToBigInteger());
            if (!a.IsZero)
            {
                Assert.Equal(BigInteger.ModPow(a, P - 2, P), Fp.Invert(fa).ToBigInteger());
            }
        }
    }

    [Fact]
    public void SquareRootsAndCanonicalParsing()
    {
        var rng = new Random(2);
        for (int i = 0; i < 30; i++)
        {
            Fp a = Fp.FromBigInteger(RandomBelowP(rng));
            Fp sq = Fp.Square(a);
            Assert.True(Fp.TrySqrt(sq, out Fp r));
            Assert.True(Fp.Equal(Fp.Square(r), sq));
            Assert.True(Fp.IsSquare(sq));
        }
        // -1 is not a square because p = 3 mod 4.
        Assert.False(Fp.TrySqrt(-Fp.One, out _));
        byte[] pBytes = P.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.False(Fp.TryFromBytesBigEndian(pBytes, out _));
        byte[] pMinus1 = (P - 1).ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.True(Fp.TryFromBytesBigEndian(pMinus1, out Fp m1));
        Assert.Equal(P - 1, m1.ToBigInteger());
        var out48 = new byte[48];
        m1.ToBytesBigEndian(out48);
        Assert.Equal(pMinus1, out48);
    }

    [Fact]
    public void Fp2SquareRootAndInverse()
    {
        var rng = new Random(3);
        for (int i = 0; i < 20; i++)
        {
            var a = new Fp2(Fp.FromBigInteger(RandomBelowP(rng)), Fp.FromBigInteger(RandomBelowP(rng)));
            Assert.True(Fp2.Equal(Fp2.Mul(a, Fp2.Invert(a)), Fp2.One));
            Assert.True(Fp2.Equal(Fp2.Square(a), a * a));
            Fp2 sq = Fp2.Square(a);
            Assert.True(Fp2.TrySqrt(sq, out Fp2 r));
            Assert.True(Fp2.Equal(Fp2.Square(r), sq));
        }
        // -1 lies in Fp but has no root there: its root is purely imaginary (u itself).
        Fp2 minusOne = Fp2.Neg(Fp2.One);
        Assert.True(Fp2.TrySqrt(minusOne, out Fp2 i2));
        Assert.True(Fp2.Equal(Fp2.Square(i2), minusOne));
        // Non-squares are reported as such, consistently with the norm test.
        int nonSquares = 0;
        for (int k = 1; k < 20; k++)
        {
            var c = new Fp2(Fp.FromBigInteger(k), Fp.One);
            bool isSquare = Fp2.IsSquare(c);
            Assert.Equal(isSquare, Fp2.TrySqrt(c, out _));
            nonSquares += isSquare ? 0 : 1;
        }
        Assert.True(nonSquares > 0);
    }

    [Fact]
    public void TowerMultiplicationIsConsistent()
    {
        var rng = new Random(4);
        Fp12 a = RandomFp12(rng), b = RandomFp12(rng), c = RandomFp12(rng);
        Assert.True(Fp12.Equal(Fp12.Square(a), a * a));
        Assert.True(Fp12.Equal((a * b) * c, a * (b * c)));
        Assert.True(Fp12.Equal(a * Fp12.Invert(a), Fp12.One));
        Fp6 x = a.C0, y = b.C0;
        Assert.True(Fp6.Equal(Fp6.Square(x), x * y * Fp6.Invert(y) * x));
        // Frobenius is the p-th power map.
        Assert.True(Fp12.Equal(Fp12.Frobenius(a), Fp12.Pow(a, P)));
        // Sparse line multiplication agrees with the dense product.
        Fp2 c0 = a.C1.C0, c1 = b.C1.C1, c4 = c.C0.C2;
        var sparse = new Fp12(new Fp6(c0, c1, Fp2.Zero), new Fp6(Fp2.Zero, c4, Fp2.Zero));
        Assert.True(Fp12.Equal(Fp12.MulBy014(a, c0, c1, c4), a * sparse));
    }

    [Fact]
    public void CyclotomicSquaringMatchesPlainSquaringInTheSubgroup()
    {
        var rng = new Random(5);
        Fp12 a = RandomFp12(rng);
        // Map into the cyclotomic subgroup with the easy part of the final exponentiation.
        Fp12 t = Fp12.Conjugate(a) * Fp12.Invert(a);
        t = Fp12.Frobenius(t, 2) * t;
        Assert.True(Fp12.Equal(Cyclotomic.Square(t), Fp12.Square(t)));
    }

    internal static Fp12 RandomFp12(Random rng)
    {
        Fp2 R2() => new(Fp.FromBigInteger(RandomBelowP(rng)), Fp.FromBigInteger(RandomBelowP(rng)));
        return new Fp12(new Fp6(R2(), R2(), R2()), new Fp6(R2(), R2(), R2()));
    }
}
