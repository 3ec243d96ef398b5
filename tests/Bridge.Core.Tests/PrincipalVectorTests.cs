using Bridge.Core.Signatures;
using Icp.Candid;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Parameters;

namespace Bridge.Core.Tests;

public class PrincipalVectorTests
{
    public static TheoryData<string> Keys() => [.. Vectors.Array("principals.json", "keys").Select(k => k.Str("name"))];

    [Theory, MemberData(nameof(Keys))]
    public void Key_der_and_principal_come_from_the_secret(string name)
    {
        var k = Vectors.Array("principals.json", "keys").Single(x => x.Str("name") == name);
        var secret = k.GetProperty("secret").Hex();
        byte[] der = k.Str("type") switch
        {
            "ed25519" => [.. Convert.FromHexString("302a300506032b6570032100"), .. new Ed25519PrivateKeyParameters(secret).GeneratePublicKey().GetEncoded()],
            "secp256k1" => [.. Convert.FromHexString("3056301006072a8648ce3d020106052b8104000a034200"),
                .. SecNamedCurves.GetByName("secp256k1").G.Multiply(new Org.BouncyCastle.Math.BigInteger(1, secret)).Normalize().GetEncoded(false)],
            var t => throw new InvalidOperationException(t),
        };
        Assert.Equal(k.Str("public_key_der"), Convert.ToHexStringLower(der));
        var key = BridgePublicKey.FromDer(der);
        Assert.Equal(k.Str("type") == "ed25519" ? PublicKeyKind.Ed25519 : PublicKeyKind.Secp256k1, key.Kind);
        Assert.Equal(k.Str("principal_hex"), key.Principal.ToHex());
        Assert.Equal(k.Str("principal_text"), key.Principal.ToString());
        Assert.Equal(key.Principal, Principal.Parse(k.Str("principal_text")));
    }

    [Fact]
    public void Other_principals_text_and_bytes_agree()
    {
        foreach (var p in Vectors.Array("principals.json", "other_principals"))
        {
            var fromBytes = Principal.FromBytes(p.GetProperty("principal_hex").Hex());
            Assert.Equal(p.Str("principal_text"), fromBytes.ToString());
            Assert.Equal(fromBytes, Principal.Parse(p.Str("principal_text")));
        }
    }
}
