using System.Text;
using System.Text.Json.Nodes;
using Bridge.Client.Json;
using Bridge.Client.Keys;
using Bridge.Client.Signing;
using Bridge.Core.Nodes;
using Bridge.Core.Protocol;
using Bridge.Core.Signatures;
using Icp.Agent.Identities;
using Icp.Candid;

namespace Bridge.Client.Tests;

/// <summary>Registrations against registration.json, and node keys in PEM form.</summary>
public sealed class RegistrationAndKeyTests
{
    public static IEnumerable<object[]> Nodes() => Vectors.Registrations.Select(r => new object[] { (string)r["node"]! });

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Registrations_hash_sign_and_verify_as_the_vectors_say(string node)
    {
        var vector = Vectors.Registrations.Single(r => (string)r["node"]! == node);
        var owner = Principal.Parse((string)vector["body"]!["owner"]!);
        var registration = NodeRegistrations.Sign(Vectors.Key(node), (string)vector["body"]!["network_id"]!, owner);

        Assert.Equal((string)vector["registration_hash"]!, Convert.ToHexStringLower(BridgeHashes.RegistrationHash(registration)));
        var message = BridgeHashes.RegistrationMessage(BridgeHashes.RegistrationHash(registration));
        Assert.Equal((string)vector["signed_message"]!, Convert.ToHexStringLower(message));
        Assert.True(SignatureVerifiers.Default.Verify(BridgePublicKey.FromDer(registration.PublicKey), message, registration.Signature));

        var body = JsonNode.Parse(BridgeJson.Registration(registration))!;
        if ((bool)vector["deterministic"]!)
        {
            Assert.True(JsonNode.DeepEquals(vector["body"], body), body.ToJsonString());
        }
        else
        {
            Assert.Equal((string)vector["body"]!["public_key"]!, (string)body["public_key"]!);
            Assert.True(Vectors.IsLowS(registration.Signature));
        }
        var parsed = RegistrationParser.Parse(BridgeJson.Registration(registration));
        Assert.Equal(registration.Provider, parsed.Provider);
        Assert.Equal((string)vector["expected"]!["body"]!["provider"]!, parsed.Provider.ToString());
    }

    [Theory]
    [InlineData(PublicKeyKind.Ed25519, 44)]
    [InlineData(PublicKeyKind.Secp256k1, 88)]
    public void Keys_survive_a_pem_round_trip(PublicKeyKind kind, int derLength)
    {
        var key = BridgeKey.Generate(kind);
        var loaded = BridgeKey.FromPem(key.ToPem());
        Assert.Equal(kind, loaded.Kind);
        Assert.Equal(derLength, loaded.PublicKeyDer.Length);
        Assert.Equal(key.Principal, loaded.Principal);
        Assert.Equal(Principal.SelfAuthenticating(key.PublicKeyDer), key.Principal);
        var message = Encoding.UTF8.GetBytes("message");
        Assert.True(SignatureVerifiers.Default.Verify(BridgePublicKey.FromDer(loaded.PublicKeyDer), message, key.Sign(message)));
    }

    [Fact]
    public void A_pem_file_loads_and_a_bad_one_is_named_in_the_error()
    {
        string path = Path.Combine(Path.GetTempPath(), "bridge-client-key-" + Guid.NewGuid().ToString("N") + ".pem");
        try
        {
            var key = BridgeKey.GenerateSecp256k1();
            File.WriteAllText(path, key.ToPem());
            Assert.Equal(key.Principal, BridgeKey.LoadPemFile(path).Principal);
            File.WriteAllText(path, "not a key");
            var e = Assert.Throws<FormatException>(() => BridgeKey.LoadPemFile(path));
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_p256_key_is_not_a_bridge_key()
    {
        var p256 = P256Identity.Generate();
        Assert.Throws<ArgumentException>(() => BridgeKey.FromIdentity(p256));
        Assert.Throws<FormatException>(() => BridgeKey.FromPem(p256.ToPem()));
        Assert.Throws<ArgumentException>(() => BridgeKey.FromIdentity(AnonymousIdentity.Instance));
    }
}
