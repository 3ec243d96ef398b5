using System.Numerics;

namespace Icp.Bls12381.Tests;

using G1Proj = ProjectivePoint<Fp, G1Curve>;

/// <summary>The GLV scalar multiplication used for signing against the plain double-and-add one.</summary>
public class G1GlvTests
{
    private static readonly BigInteger XSquared = (BigInteger)Bls12381Params.XAbs * Bls12381Params.XAbs;

    private static IEnumerable<BigInteger> Scalars(int seed, int count)
    {
        BigInteger r = Bls12381Params.R;
        BigInteger[] edges =
        [
            0, 1, 2, 15, 16, 17, r - 1, r - 2, XSquared - 1, XSquared, XSquared + 1, 2 * XSquared, (r - 1) / XSquared * XSquared,
            BigInteger.One << 127, (BigInteger.One << 128) - 1, BigInteger.One << 128, (BigInteger.One << 254) % r, r / 2,
        ];
        foreach (var e in edges) yield return e;
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var b = new byte[40];
            rng.NextBytes(b);
            yield return new BigInteger(b, isUnsigned: true) % r;
        }
    }

    [Fact]
    public void DecompositionRecomposesTheScalarWithHalvesBelow2To128()
    {
        foreach (BigInteger k in Scalars(40, 50))
        {
            var (k1, k2) = G1Glv.Decompose(k);
            BigInteger a = k1[0] + ((BigInteger)k1[1] << 64), b = k2[0] + ((BigInteger)k2[1] << 64);
            Assert.Equal(k, a + b * XSquared);
            Assert.True(a < XSquared);
        }
    }

    [Fact]
    public void DecomposeRefusesScalarsOutsideTheGroupOrder()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => G1Glv.Decompose(Bls12381Params.R));
        Assert.Throws<ArgumentOutOfRangeException>(() => G1Glv.Decompose(-1));
    }

    [Fact]
    public void GlvMultiplicationEqualsDoubleAndAddOnRandomAndEdgeScalars()
    {
        G1Proj[] points =
        [
            G1.Generator,
            HashToCurve.HashToG1Internal("glv point"u8, BlsSignature.SignatureDst),
            G1Proj.Identity,
        ];
        foreach (G1Proj p in points)
        {
            foreach (BigInteger k in Scalars(41, 12))
            {
                var (k1, k2) = G1Glv.Decompose(k);
                G1Proj expected = G1Proj.MulConstantTime(p, Scalar.ToLimbs(Scalar.ToBytes32(k)));
                G1Proj actual = G1Glv.Mul(p, k1, k2);
                Assert.True(G1Proj.Equal(expected, actual), $"k = {k}");
                Assert.True(actual.IsOnCurve());
            }
        }
    }

    [Fact]
    public void SignatureEqualsTheSecretTimesTheMessageHash()
    {
        var key = BlsSecretKey.FromSeed(new byte[32]);
        BigInteger k = Scalar.ToBigInteger(key.ToBytes());
        byte[] message = "state root"u8.ToArray();
        G1Proj h = HashToCurve.HashToG1Internal(message, BlsSignature.SignatureDst);
        var expected = new byte[G1Point.CompressedSize];
        G1.Compress(G1Proj.MulConstantTime(h, Scalar.ToLimbs(Scalar.ToBytes32(k))), expected);
        Assert.Equal(expected, key.Sign(message));
        Assert.True(BlsSignature.Verify(key.Sign(message), message, key.PublicKey));
    }
}
