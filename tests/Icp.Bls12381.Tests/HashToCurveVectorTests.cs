using System.Text;
using System.Text.Json;

namespace Icp.Bls12381.Tests;

using G1Proj = ProjectivePoint<Fp, G1Curve>;

public class HashToCurveVectorTests
{
    [Theory]
    [InlineData("bls/rfc9380_expand_message_xmd_SHA256_38.json")]
    [InlineData("bls/rfc9380_expand_message_xmd_SHA256_256.json")]
    public void ExpandMessageXmd(string file)
    {
        JsonElement root = Conformance.Load(file);
        byte[] dst = Encoding.ASCII.GetBytes(root.GetProperty("DST").GetString()!);
        int count = 0;
        foreach (JsonElement t in root.GetProperty("tests").EnumerateArray())
        {
            byte[] msg = Encoding.ASCII.GetBytes(t.GetProperty("msg").GetString()!);
            int len = Convert.ToInt32(t.GetProperty("len_in_bytes").GetString()!, 16);
            var output = new byte[len];
            ExpandMessage.Xmd(msg, dst, output);
            Assert.Equal(t.GetProperty("uniform_bytes").GetString(), Convert.ToHexStringLower(output));
            count++;
        }
        Assert.Equal(10, count);
    }

    private static string Canon(string hex) => "0x" + hex[2..].TrimStart('0');

    private static void AssertPointCanon(JsonElement expected, in G1Proj actual)
    {
        Assert.True(actual.TryToAffine(out Fp x, out Fp y));
        Assert.Equal(Canon(expected.GetProperty("x").GetString()!), x.ToString());
        Assert.Equal(Canon(expected.GetProperty("y").GetString()!), y.ToString());
    }

    [Fact]
    public void G1HashToCurveRandomOracle()
    {
        JsonElement root = Conformance.Load("bls/rfc9380_BLS12381G1_XMD_SHA-256_SSWU_RO_.json");
        byte[] dst = Encoding.ASCII.GetBytes(root.GetProperty("dst").GetString()!);
        int count = 0;
        foreach (JsonElement v in root.GetProperty("vectors").EnumerateArray())
        {
            byte[] msg = Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!);
            var u = new Fp[2];
            HashToField.ToFp(msg, dst, u);
            Assert.Equal(Canon(v.GetProperty("u")[0].GetString()!), u[0].ToString());
            Assert.Equal(Canon(v.GetProperty("u")[1].GetString()!), u[1].ToString());
            AssertPointCanon(v.GetProperty("Q0"), SswuG1.MapToCurve(u[0]));
            AssertPointCanon(v.GetProperty("Q1"), SswuG1.MapToCurve(u[1]));
            G1Point p = HashToCurve.HashToG1(msg, dst);
            AssertPointCanon(v.GetProperty("P"), p.Value);
            Assert.True(G1.IsInSubgroup(p.Value));
            count++;
        }
        Assert.Equal(5, count);
    }

    [Fact]
    public void G1EncodeToCurveNonUniform()
    {
        JsonElement root = Conformance.Load("bls/rfc9380_BLS12381G1_XMD_SHA-256_SSWU_NU_.json");
        byte[] dst = Encoding.ASCII.GetBytes(root.GetProperty("dst").GetString()!);
        int count = 0;
        foreach (JsonElement v in root.GetProperty("vectors").EnumerateArray())
        {
            byte[] msg = Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!);
            AssertPointCanon(v.GetProperty("P"), HashToCurve.EncodeToG1(msg, dst).Value);
            count++;
        }
        Assert.Equal(5, count);
    }

    [Fact]
    public void G1HashWithTheIcDst()
    {
        JsonElement v = Conformance.Load("bls/ic_bls_signature_vectors.json").GetProperty("hash_to_curve_with_ic_dst_derived");
        G1Point p = HashToCurve.HashToG1(Conformance.Hex(v.GetProperty("message").GetString()!), BlsSignature.SignatureDst);
        Assert.True(p.Value.TryToAffine(out Fp x, out Fp y));
        Assert.Equal(Canon("0x" + v.GetProperty("point_x").GetString()!), x.ToString());
        Assert.Equal(Canon("0x" + v.GetProperty("point_y").GetString()!), y.ToString());
    }

    private static void AssertFp2(string expected, in Fp2 actual)
    {
        string[] parts = expected.Split(',');
        Assert.Equal(Canon(parts[0]), actual.C0.ToString());
        Assert.Equal(Canon(parts[1]), actual.C1.ToString());
    }

    private static void AssertG2(JsonElement expected, in ProjectivePoint<Fp2, G2Curve> p)
    {
        Assert.True(p.TryToAffine(out Fp2 x, out Fp2 y));
        AssertFp2(expected.GetProperty("x").GetString()!, x);
        AssertFp2(expected.GetProperty("y").GetString()!, y);
    }

    [Fact]
    public void G2HashToCurveRandomOracle()
    {
        JsonElement root = Conformance.Load("bls/rfc9380_BLS12381G2_XMD_SHA-256_SSWU_RO_.json");
        byte[] dst = Encoding.ASCII.GetBytes(root.GetProperty("dst").GetString()!);
        int count = 0;
        foreach (JsonElement v in root.GetProperty("vectors").EnumerateArray())
        {
            byte[] msg = Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!);
            var u = new Fp2[2];
            HashToField.ToFp2(msg, dst, u);
            AssertFp2(v.GetProperty("u")[0].GetString()!, u[0]);
            AssertFp2(v.GetProperty("u")[1].GetString()!, u[1]);
            AssertG2(v.GetProperty("Q0"), SswuG2.MapToCurve(u[0]));
            AssertG2(v.GetProperty("Q1"), SswuG2.MapToCurve(u[1]));
            G2Point p = HashToCurve.HashToG2(msg, dst);
            AssertG2(v.GetProperty("P"), p.Value);
            Assert.True(G2.IsInSubgroup(p.Value));
            count++;
        }
        Assert.Equal(5, count);
    }
}
