using Bridge.Service.Configuration;
using Bridge.Service.Ic.Rollup;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Candid;
using Icp.Ledger;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Ic;

/// <summary>
/// The bridge's view of the Internet Computer: one <see cref="IcpAgent"/> per identity (the poster signs batches and
/// epochs, the payout account signs transfers) over HTTP to <c>Ic:Url</c>, and the typed clients of the rollup
/// canister and the reward ledger. The agents keep the system clock: the IC checks ingress expiries against its own.
/// </summary>
public sealed class BridgeIc
{
    private readonly Lazy<IcpAgent> _poster;
    private readonly Lazy<IcpAgent> _payout;

    /// <summary>The IC access configured by <c>Ic:*</c> and <c>Keys:*</c>.</summary>
    public BridgeIc(IOptions<IcOptions> ic, IOptions<KeysOptions> keys, IHttpClientFactory http, IBlsVerifier bls, ILoggerFactory logs)
    {
        var o = ic.Value;
        Url = o.Url!;
        RollupId = Principal.Parse(o.RollupCanister!);
        RewardLedgerId = Principal.Parse(o.RewardLedger!);
        _poster = new(() => Agent(o, IdentityPem.LoadFile(keys.Value.Poster!), http, bls, logs));
        _payout = new(() => Agent(o, IdentityPem.LoadFile(keys.Value.Payout!), http, bls, logs));
    }

    /// <summary>Where the IC is reached.</summary>
    public Uri Url { get; }

    /// <summary>The rollup canister.</summary>
    public Principal RollupId { get; }

    /// <summary>The reward ledger.</summary>
    public Principal RewardLedgerId { get; }

    /// <summary>The agent that signs as the poster.</summary>
    public IcpAgent PosterAgent => _poster.Value;

    /// <summary>The agent that signs as the payout account.</summary>
    public IcpAgent PayoutAgent => _payout.Value;

    /// <summary>The rollup canister's client, signing as the poster.</summary>
    public RollupClient Rollup => new(PosterAgent, RollupId);

    /// <summary>The reward ledger, signing as the payout account.</summary>
    public IcrcLedger RewardLedger => new(PayoutAgent, RewardLedgerId);

    private static IcpAgent Agent(IcOptions o, IIdentity identity, IHttpClientFactory http, IBlsVerifier bls, ILoggerFactory logs) =>
        new(http, Options.Create(new IcpAgentOptions { Url = o.Url!, Identity = identity, IsLocalNetwork = o.IsLocalNetwork }), bls,
            logs.CreateLogger<IcpAgent>(), TimeProvider.System);
}
