using System.Numerics;

namespace Icp.Bls12381.Tests;

/// <summary>Each optimized routine against its simple reference, on random and edge inputs.</summary>
public class FastPathTests
{
    private static Fp RandomFp(Random rng)
    {
        var b = new byte[56];
        rng.NextBytes(b);
        return Fp.FromBigInteger(new BigInteger(b, isUnsigned: true));
    }

    private static IEnumerable<Fp> Samples(int seed, int count)
    {
        var rng = new Random(seed);
        yield return Fp.Zero;
        yield return Fp.One;
        yield return Fp.FromBigInteger(Fp.Modulus - 1);
        yield return Fp.FromBigInteger((Fp.Modulus - 1) / 2);
        for (int i = 0; i < count; i++)
        {
            yield return RandomFp(rng);
        }
    }

    [Fact]
    public void WindowedPowMatchesSquareAndMultiply()
    {
        var rng = new Random(30);
        ulong[][] exponents =
        [
            [0], [1], [2], [15], [16], [0x8000000000000000], [ulong.MaxValue, ulong.MaxValue],
            Fp.ToLimbs(Fp.Modulus - 2), Fp.ToLimbs((Fp.Modulus + 1) / 4), Fp.ToLimbs((Fp.Modulus - 3) / 4),
        ];
        foreach (Fp a in Samples(31, 12))
        {
            foreach (ulong[] e in exponents.Append([(ulong)rng.NextInt64(), (ulong)rng.NextInt64(), 7]))
            {
                Assert.True(Fp.Equal(Fp.PowBinary(a, e), Fp.Pow(a, e)));
            }
            // And against BigInteger.
            BigInteger expected = BigInteger.ModPow(a.ToBigInteger(), Fp.Modulus - 2, Fp.Modulus);
            Assert.Equal(expected, Fp.Invert(a).ToBigInteger());
        }
    }

    [Fact]
    public void LazyFp2SquareMatchesReference()
    {
        Fp[] s = Samples(32, 30).ToArray();
        for (int i = 0; i < s.Length; i++)
        {
            for (int j = 0; j < s.Length; j += 5)
            {
                var a = new Fp2(s[i], s[j]);
                Assert.True(Fp2.Equal(Fp2.SquareReference(a), Fp2.Square(a)));
                Assert.True(Fp2.Equal(Fp2.Mul(a, a), Fp2.Square(a)));
                // Lazy Karatsuba product against the schoolbook formula on reduced products.
                var b = new Fp2(s[j], s[(i + j) % s.Length]);
                var schoolbook = new Fp2(Fp.Sub(Fp.Mul(a.C0, b.C0), Fp.Mul(a.C1, b.C1)), Fp.Add(Fp.Mul(a.C0, b.C1), Fp.Mul(a.C1, b.C0)));
                Assert.True(Fp2.Equal(schoolbook, Fp2.Mul(a, b)));
            }
        }
    }

    [Fact]
    public void IsoMapOnAFractionMatchesIsoMapAfterDividing()
    {
        var rng = new Random(33);
        for (int i = 0; i < 25; i++)
        {
            Fp xn = RandomFp(rng), xd = RandomFp(rng), y = RandomFp(rng);
            if (xd.IsZeroValue)
            {
                continue;
            }
            var expected = SswuG1.IsoMap(Fp.Mul(xn, Fp.Invert(xd)), y);
            Assert.True(ProjectivePoint<Fp, G1Curve>.Equal(expected, SswuG1.IsoMapFraction(xn, xd, y)));
            // And the whole map: the fraction form lands on the same curve point as the affine one.
            Fp u = RandomFp(rng);
            SswuG1.MapToIsoCurve(u, out Fp x, out Fp yy);
            Assert.True(ProjectivePoint<Fp, G1Curve>.Equal(SswuG1.IsoMap(x, yy), SswuG1.MapToCurve(u)));
            Assert.True(SswuG1.MapToCurve(u).IsOnCurve());
        }
    }

    [Fact]
    public void KeyDecodingWithTheSharedSubgroupCheckAgreesWithTheSeparateOne()
    {
        var rng = new Random(34);
        var lines = new LineCoeffs[Pairing.LineCount];
        var expectedLines = new LineCoeffs[Pairing.LineCount];
        // Keys in G2: same point, same lines.
        for (int i = 0; i < 6; i++)
        {
            var k = new byte[32];
            rng.NextBytes(k);
            k[0] &= 0x3f;
            byte[] enc = G2Point.Generator.Multiply(k).ToCompressed();
            Assert.True(G2.TryDecompress(enc, out var p));
            Pairing.Prepare(p.X, p.Y, expectedLines);
            Assert.True(G2.TryDecodeKey(enc, lines, out var q));
            Assert.True(ProjectivePoint<Fp2, G2Curve>.Equal(p, q));
            for (int j = 0; j < lines.Length; j++)
            {
                Assert.True(Fp2.Equal(lines[j].A, expectedLines[j].A) && Fp2.Equal(lines[j].B, expectedLines[j].B) && Fp2.Equal(lines[j].C, expectedLines[j].C));
            }
        }
        // Points on the twist but outside G2, and the identity, are rejected by every key entry point.
        int outside = 0;
        for (int x = 1; x < 60 && outside < 5; x++)
        {
            var fx = new Fp2(Fp.FromBigInteger(x), Fp.FromBigInteger(x + 1));
            if (!Fp2.TrySqrt(Fp2.Add(Fp2.Mul(Fp2.Square(fx), fx), G2Curve.B), out Fp2 y))
            {
                continue;
            }
            var enc = new byte[96];
            G2.Compress(ProjectivePoint<Fp2, G2Curve>.FromAffine(fx, y), enc);
            Assert.True(G2.TryDecompressOnCurve(enc, out _));
            Assert.False(G2.TryDecompress(enc, out _));
            Assert.False(G2.TryDecodeKey(enc, lines, out _));
            Assert.False(BlsPreparedPublicKey.TryParse(enc, out _));
            Assert.False(BlsSignature.Verify(G1Point.Generator.ToCompressed(), [1], enc));
            outside++;
        }
        Assert.Equal(5, outside);
        byte[] identity = new byte[96];
        identity[0] = 0xc0;
        Assert.False(G2.TryDecodeKey(identity, lines, out _));
    }
}
