using System.Text.Json;

namespace Icp.Bls12381.Tests;

public class SignatureVectorTests
{
    private static readonly JsonElement Vectors = Conformance.Load("bls/ic_bls_signature_vectors.json");

    [Fact]
    public void DfinityVerifyVectors()
    {
        int count = 0;
        foreach (JsonElement v in Vectors.GetProperty("verify_vectors").GetProperty("vectors").EnumerateArray())
        {
            byte[] sig = Conformance.Hex(v.GetProperty("signature_g1_compressed_48").GetString()!);
            byte[] msg = Conformance.Hex(v.GetProperty("message").GetString()!);
            byte[] pk = Conformance.Hex(v.GetProperty("public_key_g2_compressed_96").GetString()!);
            bool expected = v.GetProperty("expected").GetBoolean();
            Assert.True(expected == BlsSignature.Verify(sig, msg, pk), v.GetProperty("source_test").GetString());
            if (BlsPreparedPublicKey.TryParse(pk, out BlsPreparedPublicKey? prepared))
            {
                Assert.Equal(expected, BlsSignature.Verify(sig, msg, prepared!));
            }
            count++;
        }
        Assert.Equal(8, count);
    }

    [Fact]
    public void RealMainnetCertificateSignatures()
    {
        int count = 0;
        foreach (JsonElement v in Vectors.GetProperty("verify_vectors_from_real_certificates").GetProperty("vectors").EnumerateArray())
        {
            byte[] sig = Conformance.Hex(v.GetProperty("signature_g1_48").GetString()!);
            byte[] msg = Conformance.Hex(v.GetProperty("message").GetString()!);
            byte[] pk = Conformance.Hex(v.GetProperty("public_key_raw_g2_96").GetString()!);
            Assert.True(v.GetProperty("expected").GetBoolean());
            Assert.True(BlsSignature.Verify(sig, msg, pk), v.GetProperty("from_fixture").GetString());
            // Tampering with one message bit must break it.
            msg[^1] ^= 1;
            Assert.False(BlsSignature.Verify(sig, msg, pk));
            count++;
        }
        Assert.Equal(21, count);
    }

    [Fact]
    public void RootKeyFromDerVerifiesACertificate()
    {
        JsonElement root = Conformance.Load("root_key.json").GetProperty("ic_mainnet_root_key");
        byte[] der = Conformance.Hex(root.GetProperty("der_hex").GetString()!);
        Assert.True(BlsSignature.TryUnwrapDerPublicKey(der, out byte[] raw));
        Assert.Equal(root.GetProperty("raw_g2_compressed_96_hex").GetString(), Convert.ToHexStringLower(raw));
        Assert.False(BlsSignature.TryUnwrapDerPublicKey(der.AsSpan(1), out _));
        JsonElement first = Vectors.GetProperty("verify_vectors").GetProperty("vectors")[0];
        Assert.Equal(Convert.ToHexStringLower(raw), first.GetProperty("public_key_g2_compressed_96").GetString());
        Assert.True(BlsSignature.Verify(
            Conformance.Hex(first.GetProperty("signature_g1_compressed_48").GetString()!),
            Conformance.Hex(first.GetProperty("message").GetString()!),
            BlsPreparedPublicKey.Parse(raw)));
    }

    [Fact]
    public void SignVectorProducesTheExpectedSignatureAndKey()
    {
        JsonElement v = Vectors.GetProperty("sign_vectors").GetProperty("vectors")[0];
        var sk = BlsSecretKey.FromBytes(Conformance.Hex(v.GetProperty("secret_key_be_32").GetString()!));
        byte[] msg = Conformance.Hex(v.GetProperty("message").GetString()!);
        byte[] sig = sk.Sign(msg);
        Assert.Equal(v.GetProperty("expected_signature_g1_compressed_48").GetString(), Convert.ToHexStringLower(sig));
        Assert.Equal(v.GetProperty("public_key_g2_compressed_96_derived").GetString(), Convert.ToHexStringLower(sk.PublicKey));
        Assert.True(BlsSignature.Verify(sig, msg, sk.PublicKey));
        Assert.Equal(v.GetProperty("secret_key_be_32").GetString(), Convert.ToHexStringLower(sk.ToBytes()));
    }
}
