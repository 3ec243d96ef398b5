using Icp.Agent.Identities;
using Icp.Candid;

namespace Icp.Agent.Tests;

public class PrincipalTests
{
    private static readonly System.Text.Json.JsonElement Data = Vectors.Load("principals.json");

    [Fact]
    public void TextualEncoding()
    {
        foreach (var v in Data.GetProperty("textual_encoding").GetProperty("vectors").EnumerateArray())
        {
            var p = Principal.FromBytes(Vectors.Hex(v.GetProperty("bytes_hex").GetString()!));
            Assert.Equal(v.GetProperty("text").GetString(), p.ToString());
            Assert.Equal(p, Principal.Parse(v.GetProperty("text").GetString()!));
        }
    }

    [Fact]
    public void SelfAuthenticatingFromKeys()
    {
        var sa = Data.GetProperty("self_authenticating");
        var root = sa.GetProperty("root_key");
        Assert.Equal(root.GetProperty("principal_text").GetString(), Principal.SelfAuthenticating(Vectors.Hex(root.GetProperty("public_key_der").GetString()!)).ToString());
        foreach (var v in sa.GetProperty("from_mainnet_certificates").GetProperty("vectors").EnumerateArray())
        {
            var p = Principal.SelfAuthenticating(Vectors.Hex(v.GetProperty("public_key_der").GetString()!));
            Assert.Equal(v.GetProperty("principal_hex").GetString(), p.ToHex());
            Assert.Equal(v.GetProperty("principal_text").GetString(), p.ToString());
        }
    }

    [Fact]
    public void AnonymousIdentityIsTheAnonymousPrincipal()
    {
        Assert.Equal(Data.GetProperty("anonymous").GetProperty("text").GetString(), AnonymousIdentity.Instance.Sender.ToString());
        Assert.Null(AnonymousIdentity.Instance.PublicKeyDer);
    }
}
