using System.Numerics;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Client.Models;

/// <summary>The answer of <c>GET /v1/info</c> (section 8): what a node or requester needs to know about a bridge.</summary>
/// <param name="NetworkId">The network id receipts and registrations must carry.</param>
/// <param name="RollupCanister">The rollup canister that holds the batch roots.</param>
/// <param name="RewardLedger">The ledger rewards are paid on.</param>
/// <param name="FeeAccount">The account fees are paid to (<c>Rewards:FeeAccount</c>).</param>
/// <param name="ReplicaUrl">Where the IC is reached (the in-process replica under <c>--dev</c>).</param>
/// <param name="BatchInterval">How often a batch is cut.</param>
/// <param name="ChallengeWindow">How long a posted batch stays pending.</param>
/// <param name="EpochLength">The length of a reward epoch.</param>
/// <param name="GenesisNs">The start of epoch 1, ns since the Unix epoch.</param>
/// <param name="FirstPeriodEpochs">K: the epochs of the first decay period.</param>
/// <param name="EmissionPerEpoch">E1: the emission of an epoch of the first period, in the reward token's smallest unit.</param>
public sealed record BridgeInfo(
    string NetworkId, Principal RollupCanister, Principal RewardLedger, Account FeeAccount, Uri ReplicaUrl,
    TimeSpan BatchInterval, TimeSpan ChallengeWindow, TimeSpan EpochLength, ulong GenesisNs, ulong FirstPeriodEpochs, BigInteger EmissionPerEpoch)
{
    /// <summary>
    /// The account every reward transfer comes from (<c>payout_account</c>, an addition to section 8); null when the
    /// bridge does not show it (one older than the field).
    /// </summary>
    public Account? PayoutAccount { get; init; }
}
