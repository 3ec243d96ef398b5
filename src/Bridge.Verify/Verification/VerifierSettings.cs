using Bridge.Core.Rewards;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Verify.Verification;

/// <summary>What a verification checks against, beside the bridge's data: the rollup canister (from the command line,
/// never from the bridge), the rewarded tokens, and optionally the payout account.</summary>
public sealed record VerifierSettings
{
    /// <summary>The rollup canister.</summary>
    public required Principal RollupCanister { get; init; }

    /// <summary><c>Rewards:Tokens</c>; empty means the bridge's reward ledger at 1/1 (the protocol's default).</summary>
    public IReadOnlyList<RewardToken> RewardTokens { get; init; } = [];

    /// <summary>The payout account; when null, the bridge's <c>/v1/info</c> <c>payout_account</c>, else the first paid line's ledger block's sender.</summary>
    public Account? PayoutAccount { get; init; }

    /// <summary>Batches asked per page of <c>GET /v1/batches</c>.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Blocks asked per call when the reward ledger's log is read.</summary>
    public int LedgerPageSize { get; init; } = 1000;
}
