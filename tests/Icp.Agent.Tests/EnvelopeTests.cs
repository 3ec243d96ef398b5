using System.Formats.Cbor;
using System.Text.Json;
using Icp.Agent.Certification;
using Icp.Agent.Hashing;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Agent.Tests;

public class EnvelopeTests
{
    private static readonly JsonElement Data = Vectors.Load("request_id.json");

    [Fact]
    public void RecordedAgentJsEnvelopesDecodeToTheirRequestIds()
    {
        foreach (var item in Data.GetProperty("envelope_examples").GetProperty("items").EnumerateArray())
        {
            var bytes = Vectors.Hex(item.GetProperty("envelope_cbor_hex").GetString()!);
            var envelope = Envelope.Decode(bytes);
            Assert.Null(envelope.SenderPublicKey);
            Assert.Null(envelope.SenderSignature);
            Assert.Null(envelope.SenderDelegation);
            Assert.Equal(Principal.Anonymous, envelope.Content.Sender);
            Assert.Equal(item.GetProperty("request_id_derived").GetString(), envelope.Content.RequestId.ToHex());
            Assert.Equal(RequestId.FromContent(Vectors.Map(item.GetProperty("content"))), envelope.Content.RequestId);
            // Re-encoding keeps the request id and the tag.
            var again = Envelope.Decode(envelope.ToCbor());
            Assert.Equal(envelope.Content.RequestId, again.Content.RequestId);
            Assert.Equal("d9d9f7", Vectors.Hex(envelope.ToCbor().AsSpan(0, 3)));
        }
    }

    [Fact]
    public void SpecExampleAsCallContent()
    {
        var content = new CallContent(Principal.Anonymous, 1685570400000000000, null,
            Principal.FromBytes(Vectors.Hex("00000000000004d2")), "hello", Vectors.Hex("4449444c00fd2a"));
        Assert.Equal("1d1091364d6bb8a6c16b203ee75467d59ead468f523eb058880ae8ec80e2b101", content.RequestId.ToHex());
    }

    [Fact]
    public void SignedEnvelopeCarriesKeySignatureAndDelegations()
    {
        var root = Ed25519Identity.Generate();
        var session = Secp256k1Identity.Generate();
        var delegated = DelegatedIdentity.Create(root, session, DateTimeOffset.UtcNow.AddHours(1), [Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai")]);
        var clock = new FixedTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 30, TimeSpan.Zero));
        var factory = new RequestFactory(delegated, new IngressExpiry(clock));
        var envelope = factory.Call(Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai"), "transfer", [0x44, 0x49, 0x44, 0x4c, 0, 0]);

        var decoded = Envelope.Decode(envelope.ToCbor());
        var content = Assert.IsType<CallContent>(decoded.Content);
        Assert.Equal(envelope.Content.RequestId, content.RequestId);
        Assert.Equal(16, content.Nonce!.Length);
        Assert.Equal(root.Sender, content.Sender);
        Assert.Equal(root.PublicKeyDer, decoded.SenderPublicKey);
        Assert.True(PublicKeyVerifier.Verify(session.PublicKeyDer, content.RequestId.SignableMessage(), decoded.SenderSignature));
        var link = Assert.Single(decoded.SenderDelegation!);
        Assert.Equal(delegated.DelegationChain[0].Delegation.SignableMessage(), link.Delegation.SignableMessage());
        Assert.True(PublicKeyVerifier.Verify(root.PublicKeyDer, link.Delegation.SignableMessage(), link.Signature));
        // 12:00:30 + 4 min, rounded down to the minute.
        Assert.Equal((ulong)(new DateTimeOffset(2025, 1, 1, 12, 4, 0, TimeSpan.Zero) - DateTimeOffset.UnixEpoch).Ticks * 100, content.IngressExpiry);

        var query = Envelope.Decode(factory.Query(Principal.ManagementCanister, "list", []).ToCbor());
        Assert.IsType<QueryContent>(query.Content);
        Assert.Null(query.Content.Nonce);
        var read = Envelope.Decode(factory.ReadState([HashTree.Path("request_status", "x"), HashTree.Path("time")]).ToCbor());
        Assert.Equal(2, Assert.IsType<ReadStateContent>(read.Content).Paths.Count);

        Assert.Throws<ArgumentException>(() => Envelope.Sign(content, Ed25519Identity.Generate()));
        Assert.Null(Envelope.Sign(new QueryContent(Principal.Anonymous, 1, null, Principal.ManagementCanister, "m", []), AnonymousIdentity.Instance).SenderSignature);
    }

    [Fact]
    public void IngressExpiryRoundsAsAgentRs()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 30, 123, TimeSpan.Zero));
        static ulong Ns(DateTimeOffset t) => (ulong)(t - DateTimeOffset.UnixEpoch).Ticks * 100;
        Assert.Equal(Ns(new DateTimeOffset(2025, 1, 1, 12, 4, 0, TimeSpan.Zero)), new IngressExpiry(clock).Next());
        Assert.Equal(Ns(new DateTimeOffset(2025, 1, 1, 12, 1, 30, TimeSpan.Zero)), new IngressExpiry(clock, TimeSpan.FromSeconds(60)).Next());
        Assert.Equal(Ns(new DateTimeOffset(2025, 1, 1, 12, 6, 0, TimeSpan.Zero)), new IngressExpiry(clock, clockSkew: TimeSpan.FromMinutes(2)).Next());
        Assert.Throws<ArgumentOutOfRangeException>(() => new IngressExpiry(clock, TimeSpan.FromMinutes(6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IngressExpiry(clock, TimeSpan.Zero));
        var now = Ns(clock.GetUtcNow());
        var expiry = new IngressExpiry(clock).Next();
        Assert.InRange(expiry - now, 3UL * 60_000_000_000, 5UL * 60_000_000_000);
    }

    private static byte[] Cbor(Action<CborWriter> write)
    {
        var w = new CborWriter();
        w.WriteTag((CborTag)55799);
        write(w);
        return w.Encode();
    }

    [Fact]
    public void QueryResponses()
    {
        var replied = QueryResponse.Decode(Cbor(w =>
        {
            w.WriteStartMap(3);
            w.WriteTextString("status"); w.WriteTextString("replied");
            w.WriteTextString("reply"); w.WriteStartMap(1); w.WriteTextString("arg"); w.WriteByteString([0x44, 0x49, 0x44, 0x4c, 0, 0]); w.WriteEndMap();
            w.WriteTextString("signatures"); w.WriteStartArray(1);
            w.WriteStartMap(3);
            w.WriteTextString("timestamp"); w.WriteUInt64(1697831349698624964);
            w.WriteTextString("signature"); w.WriteByteString(new byte[64]);
            w.WriteTextString("identity"); w.WriteByteString(Principal.Parse("oo4np-rrvnz-5vram-kglex-enhkp-uew6q-vdf6z-whj4x-v44jd-tebaw-nqe").Bytes);
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
        }));
        Assert.True(replied.IsReplied);
        Assert.Equal("4449444c0000", Vectors.Hex(replied.Reply));
        var sig = Assert.Single(replied.Signatures);
        Assert.Equal(1697831349698624964UL, sig.Timestamp);

        // The node signs \x0Bic-response ‖ hash_of_map({status, reply: {arg}, timestamp, request_id}).
        var requestId = new RequestId(new byte[32]);
        var expected = RepresentationIndependentHash.SignableMessage(DomainSeparators.Response, new Dictionary<string, HashableValue>
        {
            ["status"] = HashableValue.Text("replied"),
            ["reply"] = HashableValue.Map(new Dictionary<string, HashableValue> { ["arg"] = HashableValue.Blob(replied.Reply) }),
            ["timestamp"] = HashableValue.Nat(sig.Timestamp),
            ["request_id"] = HashableValue.Blob(requestId.Bytes),
        });
        Assert.Equal(expected, replied.SignableMessage(requestId, sig));
        var node = Ed25519Identity.Generate();
        Assert.True(PublicKeyVerifier.Verify(node.PublicKeyDer, replied.SignableMessage(requestId, sig), node.Sign(expected)));

        var rejected = QueryResponse.Decode(Cbor(w =>
        {
            w.WriteStartMap(4);
            w.WriteTextString("status"); w.WriteTextString("rejected");
            w.WriteTextString("reject_code"); w.WriteUInt64(3);
            w.WriteTextString("reject_message"); w.WriteTextString("no such canister");
            w.WriteTextString("error_code"); w.WriteTextString("IC0301");
            w.WriteEndMap();
        }));
        Assert.False(rejected.IsReplied);
        Assert.Equal(new Rejection(RejectCode.DestinationInvalid, "no such canister", "IC0301"), rejected.Rejection);
        Assert.Empty(rejected.Signatures);
    }

    [Fact]
    public void CallResponses()
    {
        var replied = CallResponse.Decode(Cbor(w =>
        {
            w.WriteStartMap(2);
            w.WriteTextString("status"); w.WriteTextString("replied");
            w.WriteTextString("certificate"); w.WriteByteString([1, 2, 3]);
            w.WriteEndMap();
        }));
        Assert.Equal(new byte[] { 1, 2, 3 }, replied.Certificate);
        var rejected = CallResponse.Decode(Cbor(w =>
        {
            w.WriteStartMap(3);
            w.WriteTextString("status"); w.WriteTextString("non_replicated_rejection");
            w.WriteTextString("reject_code"); w.WriteUInt64(5);
            w.WriteTextString("reject_message"); w.WriteTextString("trapped");
            w.WriteEndMap();
        }));
        Assert.Equal(new Rejection(RejectCode.CanisterError, "trapped", null), rejected.Rejection);
        var v2 = CallResponse.Decode(Cbor(w =>
        {
            w.WriteStartMap(2);
            w.WriteTextString("reject_code"); w.WriteUInt64(4);
            w.WriteTextString("reject_message"); w.WriteTextString("inspect_message refused");
            w.WriteEndMap();
        }));
        Assert.Equal(RejectCode.CanisterReject, v2.Rejection!.Code);
        Assert.Throws<FormatException>(() => CallResponse.Decode(Cbor(w => { w.WriteStartMap(1); w.WriteTextString("status"); w.WriteTextString("bogus"); w.WriteEndMap(); })));
    }

    [Theory]
    [InlineData("")]
    [InlineData("d9d9f7")]
    [InlineData("d9d9f7a0")]
    [InlineData("d9d9f7a167636f6e74656e74a0")]   // empty content
    [InlineData("d9d9f7a167636f6e74656e7401")]   // content is a number
    [InlineData("a1")]                           // truncated map
    public void MalformedBodiesGiveFormatExceptions(string hex)
    {
        var bytes = Vectors.Hex(hex);
        Assert.Throws<FormatException>(() => Envelope.Decode(bytes));
        Assert.Throws<FormatException>(() => QueryResponse.Decode(bytes));
        Assert.Throws<FormatException>(() => ReadStateResponse.Decode(bytes));
    }

    [Fact]
    public void DeeplyNestedBodiesAreRefusedNotACrash()
    {
        var bytes = new List<byte> { 0xa1, 0x63, (byte)'a', (byte)'r', (byte)'g' };
        for (var i = 0; i < 10_000; i++) bytes.Add(0x81);
        bytes.Add(0x00);
        Assert.Throws<FormatException>(() => QueryResponse.Decode(bytes.ToArray()));
    }
}
