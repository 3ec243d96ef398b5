using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Candid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Icp.Agent.Tests.Http;

public class AgentRegistrationTests
{
    [Fact]
    public async Task AddIcpAgentWiresOptionsHttpClientFactoryAndTimeProvider()
    {
        var clock = new SteppingClock(TestAgents.Start);
        var replica = new FakeReplica(clock);
        var identity = Ed25519Identity.FromSeed(new byte[32]);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IBlsVerifier, FakeBls>();
        services.AddSingleton<TimeProvider>(clock);
        services.AddIcpAgent(o =>
        {
            o.Url = FakeReplica.Url;
            o.Identity = identity;
            o.IsLocalNetwork = true;
        }).ConfigurePrimaryHttpMessageHandler(() => replica);
        await using var provider = services.BuildServiceProvider();

        var agent = provider.GetRequiredService<IcpAgent>();
        Assert.Same(agent, provider.GetRequiredService<IcpAgent>());
        Assert.Equal(identity.Sender, agent.Sender);
        var arg = CandidSerializer.Serialize("di");
        Assert.Equal(arg, await agent.CallAsync(FakeReplica.Canister, "m", arg));
        Assert.Equal(["/api/v4/canister/" + FakeReplica.Canister + "/call", "/api/v2/status"], replica.Requests.Select(r => r.Path).ToArray());
        Assert.Equal(identity.Sender, replica.Requests[0].Envelope.Content.Sender);
    }

    [Fact]
    public async Task CertificatesAreCheckedWithOurBlsUnlessAnotherVerifierIsRegistered()
    {
        var services = new ServiceCollection();
        services.AddIcpAgent(o => o.Url = FakeReplica.Url);
        await using var provider = services.BuildServiceProvider();
        Assert.Same(Bls12381Verifier.Shared, provider.GetRequiredService<IBlsVerifier>());
        // A FakeBls signature is no BLS signature: the real verifier refuses it.
        var key = new byte[96];
        Assert.False(provider.GetRequiredService<IBlsVerifier>().Verify(FakeBls.Sign(key, [1, 2, 3]), [1, 2, 3], key));
    }

    [Fact]
    public void InvalidOptionsAreReported()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IBlsVerifier, FakeBls>();
        services.AddIcpAgent(o => o.IngressExpiryWindow = TimeSpan.FromMinutes(10));
        using var provider = services.BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IcpAgentOptions>>().Value);
        Assert.Contains("IngressExpiryWindow", e.Message);
    }
}
