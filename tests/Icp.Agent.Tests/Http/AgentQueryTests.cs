using System.Net;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Agent.Tests.Http;

public class AgentQueryTests
{
    private static readonly Principal Canister = FakeReplica.Canister;
    private static readonly string QueryV3 = $"/api/v3/canister/{Canister}/query";
    private static readonly string QueryV2 = $"/api/v2/canister/{Canister}/query";
    private static readonly string ReadStateV3 = $"/api/v3/canister/{Canister}/read_state";
    private static readonly byte[] Arg = CandidSerializer.Serialize(42UL);

    [Fact]
    public async Task QueryChecksNodeSignaturesAgainstCertifiedKeysReadOnce()
    {
        var t = new TestAgents();
        Assert.Equal(Arg, await t.Agent.QueryAsync(Canister, "get", Arg));
        Assert.Equal(Arg, await t.Agent.QueryAsync(Canister, "get", Arg));

        // One read_state of /subnet for the node keys, then cached for the subnet.
        Assert.Equal([QueryV3, ReadStateV3, QueryV3], t.Paths);
        var keysRead = Assert.IsType<ReadStateContent>(t.Replica.Requests[1].Envelope.Content);
        Assert.Equal("subnet"u8.ToArray(), Assert.Single(Assert.Single(keysRead.Paths)));
        var keys = await t.Agent.SubnetNodeKeysAsync(Canister);
        Assert.Equal(t.Replica.SubnetId, keys.SubnetId);
        Assert.Equal(t.Replica.Node.PublicKeyDer, keys.NodeKeys[t.Replica.Node.Sender]);
    }

    [Fact]
    public async Task QueryBodyIsAQueryEnvelope()
    {
        var identity = Secp256k1Identity.FromPrivateKey(Enumerable.Repeat((byte)7, 32).ToArray());
        var t = new TestAgents(identity);
        await t.Agent.QueryAsync(Canister, "get", Arg);

        var request = t.Replica.Requests[0];
        Assert.Equal("application/cbor", request.ContentType);
        var envelope = request.Envelope;
        var content = Assert.IsType<QueryContent>(envelope.Content);
        Assert.Equal("query", content.RequestType);
        Assert.Equal(identity.Sender, content.Sender);
        Assert.Equal(Canister, content.CanisterId);
        Assert.Equal("get", content.MethodName);
        Assert.Equal(Arg, content.Arg);
        Assert.True(PublicKeyVerifier.Verify(envelope.SenderPublicKey!, content.RequestId.SignableMessage(), envelope.SenderSignature!));
    }

    [Fact]
    public async Task QueryFallsBackToV2()
    {
        var t = new TestAgents();
        t.Replica.QueryVersions.Remove(3);
        Assert.Equal(Arg, await t.Agent.QueryAsync(Canister, "get", Arg));
        Assert.Equal(QueryV2, t.Paths[1]);
        Assert.Equal(2, t.Agent.QueryVersion);
        Assert.Equal(t.Replica.Requests[0].Body, t.Replica.Requests[1].Body);
    }

    [Fact]
    public async Task RejectedQueryRaisesTheRejectionAfterCheckingItsSignature()
    {
        var t = new TestAgents();
        t.Replica.Behaviour = _ => Outcome.Rejected(RejectCode.CanisterError, "trapped", "IC0503");
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => t.Agent.QueryAsync(Canister, "get", Arg));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Equal("trapped", e.RejectMessage);
        Assert.Equal("IC0503", e.ErrorCode);
        Assert.Contains(ReadStateV3, t.Paths); // the signature was checked
    }

    [Fact]
    public async Task SignatureByAKeyThatIsNotTheNodesIsRefused()
    {
        var t = new TestAgents();
        t.Replica.QuerySigner = Ed25519Identity.FromSeed(new byte[32]);
        var e = await Assert.ThrowsAsync<IcpQuerySignatureException>(() => t.Agent.QueryAsync(Canister, "get", Arg));
        Assert.Contains("does not verify", e.Message);
    }

    [Fact]
    public async Task SignatureChecksCanBeTurnedOff()
    {
        var t = new TestAgents(configure: o => o.VerifyQuerySignatures = false);
        t.Replica.QuerySigner = Ed25519Identity.FromSeed(new byte[32]);
        Assert.Equal(Arg, await t.Agent.QueryAsync(Canister, "get", Arg));
        Assert.Equal([QueryV3], t.Paths);
    }

    [Fact]
    public async Task AnswerWithoutSignaturesIsRefused()
    {
        var t = new TestAgents();
        t.Replica.Intercept = r => r.Path == QueryV3 ? UnsignedReply() : null;
        await Assert.ThrowsAsync<IcpQuerySignatureException>(() => t.Agent.QueryAsync(Canister, "get", Arg));
    }

    [Fact]
    public async Task StaleSignatureTimestampIsRefused()
    {
        var t = new TestAgents();
        // Sign now, then let the clock run 10 minutes before the agent looks at the answer.
        t.Replica.Intercept = r =>
        {
            if (r.Path == ReadStateV3) t.Clock.Advance(TimeSpan.FromMinutes(10));
            return null;
        };
        var e = await Assert.ThrowsAsync<IcpQuerySignatureException>(() => t.Agent.QueryAsync(Canister, "get", Arg));
        Assert.Contains("signed query", e.Message);
    }

    [Fact]
    public async Task ServerErrorsOnQueriesAreRetried()
    {
        var t = new TestAgents(configure: o => o.VerifyQuerySignatures = false);
        var failures = 1;
        t.Replica.Intercept = _ => failures-- > 0 ? FakeReplica.Text(HttpStatusCode.InternalServerError, "oops") : null;
        Assert.Equal(Arg, await t.Agent.QueryAsync(Canister, "get", Arg));
        Assert.Equal([QueryV3, QueryV3], t.Paths);
    }

    [Fact]
    public async Task TypedQuery()
    {
        var t = new TestAgents();
        t.Replica.Behaviour = c => Outcome.Replied(CandidSerializer.Serialize(CandidSerializer.Deserialize<ulong>(c.Arg) + 1));
        Assert.Equal(43UL, await t.Agent.QueryAsync<ulong, ulong>(Canister, "inc", 42UL));
    }

    // {status: "replied", reply: {arg}, signatures: []}
    private static HttpResponseMessage UnsignedReply()
    {
        var w = new System.Formats.Cbor.CborWriter();
        w.WriteStartMap(3);
        w.WriteTextString("status");
        w.WriteTextString("replied");
        w.WriteTextString("reply");
        w.WriteStartMap(1);
        w.WriteTextString("arg");
        w.WriteByteString(Arg);
        w.WriteEndMap();
        w.WriteTextString("signatures");
        w.WriteStartArray(0);
        w.WriteEndArray();
        w.WriteEndMap();
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(w.Encode()) };
    }
}
