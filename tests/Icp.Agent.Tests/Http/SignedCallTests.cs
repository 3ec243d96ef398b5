using System.Formats.Cbor;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Agent.Tests.Http;

public class SignedCallTests
{
    private static readonly byte[] Arg = CandidSerializer.Serialize("hello");

    [Fact]
    public void A_stored_call_reads_back_with_the_same_bytes_request_id_and_route()
    {
        var identity = Ed25519Identity.Generate();
        var t = new TestAgents(identity);
        var call = t.Agent.SignCall(FakeReplica.Canister, "greet", Arg);

        var loaded = SignedCall.FromBytes(call.ToBytes());

        Assert.Equal(call.Envelope.ToArray(), loaded.Envelope.ToArray());
        Assert.Equal(call.RequestId, loaded.RequestId);
        Assert.Equal(FakeReplica.Canister, loaded.CanisterId);
        Assert.Equal(FakeReplica.Canister, loaded.EffectiveCanisterId);
        Assert.Equal("greet", loaded.Method);
        Assert.Equal(identity.Sender, loaded.Sender);
        Assert.Equal(Arg, loaded.Content.Arg);
        Assert.Equal(call.IngressExpiry, loaded.IngressExpiry);
        Assert.InRange(loaded.IngressExpiry, TestAgents.Start, TestAgents.Start.AddMinutes(5));
        Assert.Equal(loaded.RequestId, Envelope.Decode(loaded.Envelope).Content.RequestId);
    }

    [Fact]
    public void Signing_a_call_sends_nothing()
    {
        var t = new TestAgents();
        t.Agent.SignCall(FakeReplica.Canister, "greet", Arg);
        Assert.Empty(t.Paths);
    }

    [Fact]
    public async Task Submitting_sends_the_stored_bytes_unchanged()
    {
        var t = new TestAgents();
        var call = t.Agent.SignCall(FakeReplica.Canister, "greet", Arg);
        var status = await t.Agent.SubmitAsync(SignedCall.FromBytes(call.ToBytes()));

        Assert.Equal(RequestStatusKind.Replied, status.Kind);
        Assert.Equal(Arg, status.Reply);
        Assert.Equal(call.Envelope.ToArray(), t.Replica.Requests.Single().Body);
    }

    [Fact]
    public void A_management_call_keeps_the_effective_canister_id_it_is_routed_to()
    {
        var t = new TestAgents();
        var call = t.Agent.SignCall(Principal.ManagementCanister, FakeReplica.Canister, "canister_status", Arg);
        var loaded = SignedCall.FromBytes(call.ToBytes());
        Assert.True(loaded.CanisterId.IsManagementCanister);
        Assert.Equal(FakeReplica.Canister, loaded.EffectiveCanisterId);
    }

    [Fact]
    public void Bytes_that_are_not_a_stored_call_are_refused_with_a_format_error()
    {
        var t = new TestAgents();
        var good = t.Agent.SignCall(FakeReplica.Canister, "greet", Arg).ToBytes();

        Assert.Throws<FormatException>(() => SignedCall.FromBytes([]));
        Assert.Throws<FormatException>(() => SignedCall.FromBytes([0xFF, 0x00]));
        Assert.Throws<FormatException>(() => SignedCall.FromBytes(good[..^1]));
        Assert.Throws<FormatException>(() => SignedCall.FromBytes([.. good, 0x00]));
        Assert.Throws<FormatException>(() => SignedCall.FromBytes(Stored(2, FakeReplica.Canister.ToArray(), t.Agent.SignCall(FakeReplica.Canister, "greet", Arg).Envelope.ToArray())));
        Assert.Throws<FormatException>(() => SignedCall.FromBytes(Stored(1, new byte[30], t.Agent.SignCall(FakeReplica.Canister, "greet", Arg).Envelope.ToArray())));
        var query = new RequestFactory(AnonymousIdentity.Instance).Query(FakeReplica.Canister, "greet", Arg).ToCbor();
        var e = Assert.Throws<FormatException>(() => SignedCall.FromBytes(Stored(1, FakeReplica.Canister.ToArray(), query)));
        Assert.Contains("query", e.Message);
    }

    private static byte[] Stored(int version, byte[] ecid, byte[] envelope)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(3);
        writer.WriteTextString("v");
        writer.WriteInt32(version);
        writer.WriteTextString("effective_canister_id");
        writer.WriteByteString(ecid);
        writer.WriteTextString("envelope");
        writer.WriteByteString(envelope);
        writer.WriteEndMap();
        return writer.Encode();
    }
}
