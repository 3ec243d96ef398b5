using System.Text;
using System.Text.Json;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Interop.Tests;

/// <summary>
/// Our envelopes, request ids and signatures against the icp CLI's: it signs a call offline (--sign-only) and we
/// decode, re-hash, verify and re-sign what it printed.
/// </summary>
public sealed class AgentEnvelopeInteropTests
{
    private const string Canister = "5a46r-jqaaa-aaaaa-qaadq-cai";
    private const string Interface = "service : { greet : (text) -> (text); peek : (nat) -> (nat) query }\n";

    private static InteropTools Tools => InteropTools.Shared;

    private sealed record Signed(byte[] Envelope, string? RequestId, byte[]? StatusCheck, string Sender);

    private static Signed Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var request = doc.RootElement.GetProperty("request");
        return new Signed(
            Convert.FromBase64String(request.GetProperty("envelope").GetString()!),
            request.TryGetProperty("request_id", out var id) ? id.GetString() : null, // printed for calls only
            request.TryGetProperty("status_check", out var s) ? Convert.FromBase64String(s.GetString()!) : null,
            doc.RootElement.GetProperty("summary").GetProperty("sender").GetString()!);
    }

    [Fact]
    public async Task AnonymousCallEnvelopeDecodesAndItsRequestIdIsOurs()
    {
        var signed = Parse(await Tools.IcpSignOnly(Canister, "greet", Interface, "(\"hi\")"));
        var envelope = Envelope.Decode(signed.Envelope);

        var content = Assert.IsType<CallContent>(envelope.Content);
        Assert.Equal(signed.RequestId, content.RequestId.ToHex());
        Assert.True(content.Sender.IsAnonymous);
        Assert.Equal(Principal.Parse(Canister), content.CanisterId);
        Assert.Equal("greet", content.MethodName);
        Assert.Equal(CandidSerializer.Serialize("hi"), content.Arg);
        Assert.Null(envelope.SenderPublicKey);
        Assert.Null(envelope.SenderSignature);
        Assert.Equal(signed.Envelope, envelope.ToCbor());

        // The status check icp prepared reads /request_status/<the same id>.
        var check = Assert.IsType<ReadStateContent>(Envelope.Decode(signed.StatusCheck!).Content);
        var path = Assert.Single(check.Paths);
        Assert.Equal("request_status", Encoding.ASCII.GetString(path[0]));
        Assert.Equal(signed.RequestId, Convert.ToHexStringLower(path[1]));
    }

    [Fact]
    public async Task AnonymousQueryEnvelopeDecodesAndItsRequestIdIsOurs()
    {
        var signed = Parse(await Tools.IcpSignOnly(Canister, "peek", Interface, "(7)", query: true));
        var envelope = Envelope.Decode(signed.Envelope);
        var content = Assert.IsType<QueryContent>(envelope.Content);
        Assert.Null(signed.RequestId); // icp prints no request id for queries; the envelope must still round-trip
        Assert.True(content.Sender.IsAnonymous);
        Assert.Equal("peek", content.MethodName);
        Assert.Equal(CandidSerializer.Serialize(new Nat(7UL)), content.Arg);
        Assert.Equal(signed.Envelope, envelope.ToCbor());
    }

    [Fact]
    public async Task Ed25519IdentityFromOurPemSignsExactlyAsIcpDoes()
    {
        var identity = Ed25519Identity.Generate();
        using var home = new IcpIdentityHome(Tools);
        await home.ImportPemAsync("ours", identity.ToPem());
        Assert.Equal(identity.Sender.ToString(), await home.PrincipalAsync("ours"));

        var signed = Parse(await home.SignOnlyAsync("ours", Canister, "greet", Interface, "(\"hi\")"));
        var envelope = Envelope.Decode(signed.Envelope);
        Assert.Equal(identity.Sender.ToString(), signed.Sender);
        Assert.Equal(identity.Sender, envelope.Content.Sender);
        Assert.Equal(identity.PublicKeyDer, envelope.SenderPublicKey);
        Assert.Equal(signed.RequestId, envelope.Content.RequestId.ToHex());
        Assert.True(PublicKeyVerifier.Verify(envelope.SenderPublicKey!, envelope.Content.RequestId.SignableMessage(), envelope.SenderSignature!));

        // Ed25519 is deterministic: signing icp's content ourselves gives icp's envelope, byte for byte.
        Assert.Equal(signed.Envelope, Envelope.Sign(envelope.Content, identity).ToCbor());
        var check = Envelope.Decode(signed.StatusCheck!);
        Assert.Equal(signed.StatusCheck, Envelope.Sign(check.Content, identity).ToCbor());
    }

    [Fact]
    public async Task Secp256k1IdentityFromOurPemSignsExactlyAsIcpDoes()
    {
        var identity = Secp256k1Identity.Generate();
        using var home = new IcpIdentityHome(Tools);
        await home.ImportPemAsync("k1", identity.ToPem());
        Assert.Equal(identity.Sender.ToString(), await home.PrincipalAsync("k1"));

        var signed = Parse(await home.SignOnlyAsync("k1", Canister, "greet", Interface, "(\"hi\")"));
        var envelope = Envelope.Decode(signed.Envelope);
        Assert.Equal(identity.Sender, envelope.Content.Sender);
        Assert.Equal(identity.PublicKeyDer, envelope.SenderPublicKey);
        Assert.Equal(signed.RequestId, envelope.Content.RequestId.ToHex());
        Assert.True(PublicKeyVerifier.Verify(envelope.SenderPublicKey!, envelope.Content.RequestId.SignableMessage(), envelope.SenderSignature!));

        // Both sides derive k by RFC 6979 and normalise to low S, so the signatures are equal too.
        Assert.Equal(signed.Envelope, Envelope.Sign(envelope.Content, identity).ToCbor());
    }
}
