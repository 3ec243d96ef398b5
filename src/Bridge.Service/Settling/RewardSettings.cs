using System.Globalization;
using System.Numerics;
using Bridge.Core.Rewards;
using Bridge.Service.Configuration;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Service.Settling;

/// <summary><c>Rewards:*</c> as the settler uses it: parsed once (the options were checked at start).</summary>
/// <param name="FeeAccount"><c>Rewards:FeeAccount</c>.</param>
/// <param name="Tokens"><c>Rewards:Tokens</c>; the reward ledger at 1/1 when none is configured.</param>
/// <param name="EmissionPerEpoch">E1.</param>
/// <param name="FirstPeriodEpochs">K.</param>
internal sealed record RewardSettings(Account FeeAccount, IReadOnlyList<RewardToken> Tokens, BigInteger EmissionPerEpoch, ulong FirstPeriodEpochs)
{
    public static RewardSettings From(RewardsOptions o, Principal rewardLedger) => new(
        Account.Parse(o.FeeAccount!),
        o.Tokens.Count == 0
            ? [new RewardToken(rewardLedger, BigInteger.One, BigInteger.One)]
            : [.. o.Tokens.Select(t => new RewardToken(Principal.Parse(t.Ledger), Nat(t.Num), Nat(t.Den)))],
        Nat(o.EmissionPerEpoch),
        (ulong)o.FirstPeriodEpochs);

    private static BigInteger Nat(string text) => BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
