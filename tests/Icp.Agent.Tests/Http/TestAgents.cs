using Icp.Agent.Identities;

namespace Icp.Agent.Tests.Http;

/// <summary>A fake replica, a stepping clock and an agent wired to both.</summary>
internal sealed class TestAgents
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public TestAgents(IIdentity? identity = null, Action<IcpAgentOptions>? configure = null)
    {
        Clock = new SteppingClock(Start);
        Replica = new FakeReplica(Clock);
        Bls = new FakeBls();
        Options = new IcpAgentOptions
        {
            Url = FakeReplica.Url,
            Identity = identity ?? AnonymousIdentity.Instance,
            RootKey = Replica.RootKey,
        };
        configure?.Invoke(Options);
        Agent = new IcpAgent(new HttpClient(Replica), Options, Bls, null, Clock);
    }

    public SteppingClock Clock { get; }

    public FakeReplica Replica { get; }

    public FakeBls Bls { get; }

    public IcpAgentOptions Options { get; }

    public IcpAgent Agent { get; }

    public string[] Paths => [.. Replica.Requests.Select(r => r.Path)];
}
