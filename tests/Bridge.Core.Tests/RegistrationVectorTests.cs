using Bridge.Core.Protocol;
using Bridge.Core.Nodes;
using Bridge.Core.Signatures;

namespace Bridge.Core.Tests;

public class RegistrationVectorTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Vectors.Array("registration.json", "cases"))
            foreach (var v in Vectors.VerifierNames) data.Add(c.Str("name"), v);
        return data;
    }

    public static TheoryData<string> Registrations() => [.. Vectors.Array("registration.json", "registrations").Select(r => r.Str("node"))];

    [Theory, MemberData(nameof(Registrations))]
    public void Registration_hash_message_and_signature_match(string node)
    {
        var r = Vectors.Array("registration.json", "registrations").Single(x => x.Str("node") == node);
        var body = RegistrationParser.Parse(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(r.GetProperty("body")));
        var hash = BridgeHashes.RegistrationHash(body);
        Assert.Equal(r.Str("registration_hash"), Convert.ToHexStringLower(hash));
        var message = BridgeHashes.RegistrationMessage(hash);
        Assert.Equal(r.Str("signed_message"), Convert.ToHexStringLower(message));
        var key = BridgePublicKey.FromDer(body.PublicKey);
        Assert.Equal(r.Str("key_type") == "ed25519" ? PublicKeyKind.Ed25519 : PublicKeyKind.Secp256k1, key.Kind);
        foreach (var v in Vectors.VerifierNames)
        {
            Assert.True(Vectors.Verifier(v).Verify(key, message, r.GetProperty("signature").Hex()), v);
            var tampered = (byte[])message.Clone();
            tampered[^1] ^= 1;
            Assert.False(Vectors.Verifier(v).Verify(key, tampered, r.GetProperty("signature").Hex()), v);
        }
        var expected = r.GetProperty("expected");
        var ctx = Vectors.File("registration.json").GetProperty("contexts").GetProperty(r.Str("context"));
        var nodes = Vectors.Nodes(ctx);
        var answer = RegistrationIntake.Decide("application/json", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(r.GetProperty("body")),
            ctx.Str("network_id"), p => nodes.FirstOrDefault(n => n.Provider == p));
        Assert.Equal(expected.GetProperty("status").GetInt32(), answer.Status);
        Assert.Equal(expected.GetProperty("body").Str("provider"), answer.Node!.Provider.ToString());
    }

    [Theory, MemberData(nameof(Cases))]
    public void Registration_case_gets_its_answer(string name, string verifier)
    {
        var c = Vectors.Array("registration.json", "cases").Single(x => x.Str("name") == name);
        var ctx = Vectors.File("registration.json").GetProperty("contexts").GetProperty(c.Str("context"));
        var nodes = Vectors.Nodes(ctx);
        var answer = RegistrationIntake.Decide(Vectors.ContentType(c), Vectors.Body(c), ctx.Str("network_id"),
            p => nodes.FirstOrDefault(n => n.Provider == p), Vectors.Verifier(verifier));
        var expected = c.GetProperty("expected");
        Assert.Equal(expected.GetProperty("status").GetInt32(), answer.Status);
        if (expected.Opt("code") is { } code)
        {
            Assert.Equal(code.GetString(), answer.Code);
            Assert.False(string.IsNullOrEmpty(answer.Detail));
        }
        else
        {
            Assert.Null(answer.Code);
            var body = expected.GetProperty("body");
            Assert.Equal(body.Str("provider"), answer.Node!.Provider.ToString());
            Assert.Equal(body.Str("owner"), answer.Node.Owner.ToString());
        }
    }
}
