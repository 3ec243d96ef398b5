using Icp.Agent.Certification;
using Icp.Candid;

namespace Icp.Agent.Tests.Http;

public class AgentDelegationCacheTests
{
    /// <summary>Counts the BLS signatures checked, one per item of a batch.</summary>
    private sealed class CountingBls(IBlsVerifier inner) : IBlsVerifier
    {
        public int Signatures { get; private set; }

        public bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96)
        {
            Signatures++;
            return inner.Verify(sig, msg, publicKey96);
        }

        public bool VerifyBatch(IReadOnlyList<(byte[] Signature, byte[] Message, byte[] PublicKey96)> items)
        {
            Signatures += items.Count;
            return inner.VerifyBatch(items);
        }
    }

    private static IReadOnlyList<IReadOnlyList<byte[]>> TimePath => [new[] { "time"u8.ToArray() }];

    [Fact]
    public async Task A_second_certificate_with_the_same_delegation_checks_one_signature_not_two()
    {
        var t = new TestAgents();
        var bls = new CountingBls(t.Bls);
        var agent = new IcpAgent(new HttpClient(t.Replica), t.Options, bls, null, t.Clock);

        await agent.ReadStateAsync(FakeReplica.Canister, TimePath);
        Assert.Equal(2, bls.Signatures); // the delegation and the certificate

        await agent.ReadStateAsync(FakeReplica.Canister, TimePath);
        Assert.Equal(3, bls.Signatures); // the certificate only: the delegation was verified before
    }

    [Fact]
    public async Task Calls_after_the_first_reuse_the_verified_delegation()
    {
        var t = new TestAgents();
        var bls = new CountingBls(t.Bls);
        var agent = new IcpAgent(new HttpClient(t.Replica), t.Options, bls, null, t.Clock);
        var arg = CandidSerializer.Serialize("hello");

        await agent.CallAsync(FakeReplica.Canister, "greet", arg);
        int first = bls.Signatures;
        await agent.CallAsync(FakeReplica.Canister, "greet", arg);
        Assert.Equal(first - 1, bls.Signatures - first);
    }
}
