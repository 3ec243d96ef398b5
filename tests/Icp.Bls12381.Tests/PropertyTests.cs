using System.Numerics;

namespace Icp.Bls12381.Tests;

using G1Proj = ProjectivePoint<Fp, G1Curve>;
using G2Proj = ProjectivePoint<Fp2, G2Curve>;

public class PropertyTests
{
    private static byte[] RandomScalar(Random rng)
    {
        var b = new byte[32];
        rng.NextBytes(b);
        b[0] &= 0x3f; // below r
        return b;
    }

    [Fact]
    public void SignVerifyRoundTripsAndRejectsWrongInputs()
    {
        var rng = new Random(10);
        var keys = new[] { BlsSecretKey.Generate(), BlsSecretKey.FromSeed(new byte[32]), BlsSecretKey.FromBytes(RandomScalar(rng)) };
        for (int i = 0; i < keys.Length; i++)
        {
            var msg = new byte[rng.Next(0, 200)];
            rng.NextBytes(msg);
            byte[] sig = keys[i].Sign(msg);
            byte[] pk = keys[i].PublicKey;
            Assert.Equal(48, sig.Length);
            Assert.Equal(96, pk.Length);
            Assert.True(BlsSignature.Verify(sig, msg, pk));
            byte[] other = [.. msg, 0x42];
            Assert.False(BlsSignature.Verify(sig, other, pk));
            Assert.False(BlsSignature.Verify(sig, msg, keys[(i + 1) % keys.Length].PublicKey));
            Assert.False(BlsSignature.Verify(keys[(i + 1) % keys.Length].Sign(msg), msg, pk));
            // Signing is deterministic.
            Assert.Equal(sig, keys[i].Sign(msg));
        }
    }

    [Fact]
    public void KeyGenIsDeterministicAndValidatesInput()
    {
        byte[] seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(BlsSecretKey.FromSeed(seed).ToBytes(), BlsSecretKey.FromSeed(seed).ToBytes());
        Assert.NotEqual(BlsSecretKey.FromSeed(seed).ToBytes(), BlsSecretKey.FromSeed(seed, "info"u8).ToBytes());
        Assert.Throws<ArgumentException>(() => BlsSecretKey.FromSeed(new byte[31]));
        Assert.Throws<ArgumentException>(() => BlsSecretKey.FromBytes(new byte[32]));
        Assert.Throws<ArgumentException>(() => BlsSecretKey.FromBytes(Scalar.ToBytes32(Bls12381Params.R)));
        Assert.Throws<ArgumentException>(() => BlsSecretKey.FromBytes(new byte[31]));
    }

    [Fact]
    public void BilinearityWithRandomScalars()
    {
        var rng = new Random(11);
        byte[] a = RandomScalar(rng), b = RandomScalar(rng);
        G1Point p = G1Point.Generator.Multiply(RandomScalar(rng));
        G2Point q = G2Point.Generator.Multiply(RandomScalar(rng));
        Fp12 e = Pairing.Pair(p.Value, q.Value);
        Fp12 lhs = Pairing.Pair(p.Multiply(a).Value, q.Multiply(b).Value);
        BigInteger ab = Scalar.ToBigInteger(a) * Scalar.ToBigInteger(b);
        Assert.True(Fp12.Equal(lhs, Fp12.Pow(e, ab)));
        // e(aP, Q) = e(P, aQ).
        Assert.True(Fp12.Equal(Pairing.Pair(p.Multiply(a).Value, q.Value), Pairing.Pair(p.Value, q.Multiply(a).Value)));
        // Pairing with the identity is 1.
        Assert.True(Pairing.Pair(G1Proj.Identity, q.Value).IsOne);
    }

    [Fact]
    public void CompressedEncodingsRoundTrip()
    {
        var rng = new Random(12);
        for (int i = 0; i < 10; i++)
        {
            G1Point p = G1Point.Generator.Multiply(RandomScalar(rng));
            byte[] enc = p.ToCompressed();
            Assert.Equal(p, G1Point.FromCompressed(enc));
            Assert.Equal(enc, G1Point.FromCompressed(enc).ToCompressed());
            byte[] encNeg = (-p).ToCompressed();
            Assert.Equal(enc[0] ^ 0x20, encNeg[0]); // only the sign flag differs
            Assert.Equal(enc.AsSpan(1).ToArray(), encNeg.AsSpan(1).ToArray());

            G2Point q = G2Point.Generator.Multiply(RandomScalar(rng));
            byte[] enc2 = q.ToCompressed();
            Assert.Equal(q, G2Point.FromCompressed(enc2));
            Assert.Equal(enc2, G2Point.FromCompressed(enc2).ToCompressed());
        }
        Assert.Equal("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb",
            G1Point.Generator.ToString());
        Assert.Equal("c0" + new string('0', 94), G1Point.Identity.ToString());
        Assert.True(G1Point.FromCompressed(G1Point.Identity.ToCompressed()).IsIdentity);
        Assert.True(G2Point.FromCompressed(G2Point.Identity.ToCompressed()).IsIdentity);
    }

    [Fact]
    public void InvalidEncodingsAreRejected()
    {
        byte[] g1 = G1Point.Generator.ToCompressed();
        byte[] g2 = G2Point.Generator.ToCompressed();

        // Wrong lengths.
        Assert.False(G1Point.TryFromCompressed(g1.AsSpan(1), out _));
        Assert.False(G2Point.TryFromCompressed(g2.AsSpan(1), out _));
        // Uncompressed flag.
        byte[] bad = (byte[])g1.Clone();
        bad[0] &= 0x7f;
        Assert.False(G1Point.TryFromCompressed(bad, out _));
        // Infinity with the sign bit, or with stray bits.
        byte[] inf = new byte[48];
        inf[0] = 0xe0;
        Assert.False(G1Point.TryFromCompressed(inf, out _));
        inf[0] = 0xc0;
        inf[47] = 1;
        Assert.False(G1Point.TryFromCompressed(inf, out _));
        byte[] inf2 = new byte[96];
        inf2[0] = 0xc0;
        inf2[50] = 1;
        Assert.False(G2Point.TryFromCompressed(inf2, out _));
        // x >= p (x = p exactly, and the all-ones value).
        byte[] xp = Fp.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true);
        xp[0] |= 0x80;
        Assert.False(G1Point.TryFromCompressed(xp, out _));
        byte[] ones = Enumerable.Repeat((byte)0xff, 48).ToArray();
        ones[0] = 0x9f;
        Assert.False(G1Point.TryFromCompressed(ones, out _));
        byte[] g2BadC0 = (byte[])g2.Clone();
        Fp.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(g2BadC0, 48);
        Assert.False(G2Point.TryFromCompressed(g2BadC0, out _));
        Assert.Throws<FormatException>(() => G1Point.FromCompressed(xp));
    }

    [Fact]
    public void PointsOffTheCurveOrOutsideTheSubgroupAreRejected()
    {
        // Find x values where x^3 + 4 is not a square (off curve) and where it is a square (on E1 but,
        // with overwhelming probability, not in G1 because the cofactor is large).
        bool sawOffCurve = false, sawNonSubgroup = false;
        for (int x = 1; x < 40 && !(sawOffCurve && sawNonSubgroup); x++)
        {
            Fp fx = Fp.FromBigInteger(x);
            Fp rhs = Fp.Add(Fp.Mul(Fp.Square(fx), fx), G1Curve.B);
            var enc = new byte[48];
            fx.ToBytesBigEndian(enc);
            enc[0] |= 0x80;
            bool onCurve = Fp.IsSquare(rhs);
            Assert.False(G1Point.TryFromCompressed(enc, out _));
            if (onCurve)
            {
                Fp.TrySqrt(rhs, out Fp y);
                var p = G1Proj.FromAffine(fx, y);
                Assert.True(p.IsOnCurve());
                Assert.False(G1.IsInSubgroup(p));
                // Multiplying by r would not give the identity either: the slow check agrees.
                Assert.False(G1Proj.MulConstantTime(p, Scalar.ToLimbs(Scalar.ToBytes32(Bls12381Params.R))).IsIdentity);
                // Clearing the cofactor lands in the subgroup.
                Assert.True(G1.IsInSubgroup(SswuG1.ClearCofactor(p)));
                sawNonSubgroup = true;
            }
            else
            {
                sawOffCurve = true;
            }
        }
        Assert.True(sawOffCurve && sawNonSubgroup);

        // G2: a point on the twist outside G2.
        for (int x = 1; x < 40; x++)
        {
            var fx = new Fp2(Fp.FromBigInteger(x), Fp.One);
            Fp2 rhs = Fp2.Add(Fp2.Mul(Fp2.Square(fx), fx), G2Curve.B);
            if (Fp2.TrySqrt(rhs, out Fp2 y))
            {
                var q = G2Proj.FromAffine(fx, y);
                Assert.True(q.IsOnCurve());
                Assert.False(G2.IsInSubgroup(q));
                var enc = new byte[96];
                G2.Compress(q, enc);
                Assert.False(G2Point.TryFromCompressed(enc, out _));
                return;
            }
        }
        Assert.Fail("no point on the twist found");
    }

    [Fact]
    public void VerifyNeverThrowsOnGarbage()
    {
        var rng = new Random(13);
        byte[] msg = [1, 2, 3];
        for (int i = 0; i < 50; i++)
        {
            var sig = new byte[rng.Next(0, 2) == 0 ? 48 : rng.Next(0, 100)];
            var pk = new byte[rng.Next(0, 2) == 0 ? 96 : rng.Next(0, 200)];
            rng.NextBytes(sig);
            rng.NextBytes(pk);
            Assert.False(BlsSignature.Verify(sig, msg, pk));
        }
        // Identity key and identity signature are rejected even though the pairing equation holds.
        byte[] inf1 = new byte[48]; inf1[0] = 0xc0;
        byte[] inf2 = new byte[96]; inf2[0] = 0xc0;
        Assert.False(BlsSignature.Verify(inf1, msg, inf2));
        Assert.False(BlsPreparedPublicKey.TryParse(inf2, out _));
        var sk = BlsSecretKey.FromBytes(Scalar.ToBytes32(7));
        Assert.False(BlsSignature.Verify(inf1, msg, sk.PublicKey));
    }
}
