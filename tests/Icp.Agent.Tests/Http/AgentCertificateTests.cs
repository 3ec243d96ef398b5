using Icp.Agent.Certification;
using Icp.Candid;

namespace Icp.Agent.Tests.Http;

public class AgentCertificateTests
{
    private static readonly byte[] Arg = CandidSerializer.Serialize("x");

    [Fact]
    public async Task CallToACanisterOutsideTheSubnetsRangeIsRefused()
    {
        var t = new TestAgents();
        var e = await Assert.ThrowsAsync<CertificateVerificationException>(() => t.Agent.CallAsync(FakeReplica.OtherCanister, "m", Arg));
        Assert.Equal(CertificateVerificationError.CanisterNotInRange, e.Reason);
    }

    [Fact]
    public async Task ReadStateForACanisterOutsideTheRangeIsRefused()
    {
        var t = new TestAgents();
        var e = await Assert.ThrowsAsync<CertificateVerificationException>(() => t.Agent.ReadStateAsync(FakeReplica.OtherCanister, [HashTree.Path("time")]));
        Assert.Equal(CertificateVerificationError.CanisterNotInRange, e.Reason);
    }

    [Theory]
    [InlineData(-10)]
    [InlineData(10)]
    public async Task CertificateWithAStaleOrFutureTimeIsRefused(int minutes)
    {
        var t = new TestAgents();
        t.Replica.CertificateTimeOffset = TimeSpan.FromMinutes(minutes);
        var e = await Assert.ThrowsAsync<CertificateVerificationException>(() => t.Agent.CallAsync(FakeReplica.Canister, "m", Arg));
        Assert.Equal(CertificateVerificationError.StaleTime, e.Reason);
    }

    [Fact]
    public async Task CertificateUnderAnotherRootKeyIsRefused()
    {
        var t = new TestAgents(configure: o => o.RootKey = BlsPublicKey.FromRaw(new byte[96]));
        var e = await Assert.ThrowsAsync<CertificateVerificationException>(() => t.Agent.CallAsync(FakeReplica.Canister, "m", Arg));
        Assert.Equal(CertificateVerificationError.BadDelegation, e.Reason);
    }

    [Fact]
    public async Task MainnetAgentTrustsOnlyTheMainnetKey()
    {
        var t = new TestAgents(configure: o => o.RootKey = null);
        Assert.Equal(BlsPublicKey.MainnetRootKey, t.Agent.RootKey);
        var e = await Assert.ThrowsAsync<CertificateVerificationException>(() => t.Agent.CallAsync(FakeReplica.Canister, "m", Arg));
        Assert.Equal(CertificateVerificationError.BadDelegation, e.Reason);
        var fetch = await Assert.ThrowsAsync<InvalidOperationException>(() => t.Agent.FetchRootKeyAsync());
        Assert.Contains("only allowed for a local network", fetch.Message);
        Assert.DoesNotContain("/api/v2/status", t.Paths);
    }

    [Fact]
    public async Task LocalAgentFetchesTheRootKeyFromStatusBeforeTheFirstCertificate()
    {
        var t = new TestAgents(configure: o => { o.RootKey = null; o.IsLocalNetwork = true; });
        Assert.Null(t.Agent.RootKey);
        Assert.Equal(Arg, await t.Agent.CallAsync(FakeReplica.Canister, "m", Arg));
        Assert.Equal(t.Replica.RootKey, t.Agent.RootKey);
        Assert.Equal("/api/v2/status", t.Paths[1]);
        await t.Agent.CallAsync(FakeReplica.Canister, "m", Arg);
        Assert.Single(t.Paths, p => p == "/api/v2/status");
    }

    [Fact]
    public async Task StatusReportsTheRootKeyAndVersion()
    {
        var t = new TestAgents();
        var status = await t.Agent.StatusAsync();
        Assert.Equal(t.Replica.RootKey.Der.ToArray(), status.RootKey);
        Assert.Equal("fake-0.1", status.ImplementationVersion);
        Assert.Equal(HttpMethod.Get, t.Replica.Requests[0].Method);
    }

    [Fact]
    public async Task ReadStateReturnsAVerifiedCertificateAndFallsBackToV2()
    {
        var t = new TestAgents();
        t.Replica.ReadStateVersions.Remove(3);
        var certificate = await t.Agent.ReadStateAsync(FakeReplica.Canister, [HashTree.Path("time")]);
        Assert.Equal(TestAgents.Start, certificate.Time);
        Assert.Equal([$"/api/v3/canister/{FakeReplica.Canister}/read_state", $"/api/v2/canister/{FakeReplica.Canister}/read_state"], t.Paths);
        Assert.Equal(2, t.Agent.ReadStateVersion);
        var content = Assert.IsType<Requests.ReadStateContent>(t.Replica.Requests[0].Envelope.Content);
        Assert.Equal("read_state", content.RequestType);
        Assert.Equal("time"u8.ToArray(), Assert.Single(Assert.Single(content.Paths)));
    }

    [Fact]
    public async Task SubnetReadStateChecksTheSubnet()
    {
        var t = new TestAgents();
        var certificate = await t.Agent.ReadSubnetStateAsync(t.Replica.SubnetId, [HashTree.Path("time")]);
        Assert.Equal(t.Replica.SubnetId, certificate.Delegation!.SubnetId);
        Assert.Equal($"/api/v3/subnet/{t.Replica.SubnetId}/read_state", t.Paths[0]);

        var other = Principal.SelfAuthenticating(new byte[] { 1, 2, 3 });
        var e = await Assert.ThrowsAsync<CertificateVerificationException>(() => t.Agent.ReadSubnetStateAsync(other, [HashTree.Path("time")]));
        Assert.Equal(CertificateVerificationError.SubnetMismatch, e.Reason);
    }
}
