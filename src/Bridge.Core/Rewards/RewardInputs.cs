using System.Numerics;
using Icp.Candid;

namespace Bridge.Core.Rewards;

/// <summary>A token of <c>Rewards:Tokens</c>: its ledger and its rate to reward units, F = ⌊fee_amount · Num / Den⌋.</summary>
/// <param name="Ledger">The token's ledger canister.</param>
/// <param name="Num">The rate's numerator.</param>
/// <param name="Den">The rate's denominator (above zero).</param>
public sealed record RewardToken(Principal Ledger, BigInteger Num, BigInteger Den);

/// <summary>One receipt of an epoch's batches, with what the ledger said about its fee block.</summary>
public sealed record RewardReceipt
{
    /// <summary>The provider (for the <c>ineligible</c> list).</summary>
    public Principal? Provider { get; init; }
    /// <summary>The receipt id (for the <c>ineligible</c> list).</summary>
    public string? ReceiptId { get; init; }
    /// <summary>The requester.</summary>
    public required Principal Requester { get; init; }
    /// <summary>The requester's subaccount as sent (all zero is the default account).</summary>
    public byte[]? RequesterSubaccount { get; init; }
    /// <summary>The provider's registered owner.</summary>
    public required Principal ProviderOwner { get; init; }
    /// <summary>gpu_seconds.</summary>
    public required ulong GpuSeconds { get; init; }
    /// <summary>fee_token.</summary>
    public required Principal FeeToken { get; init; }
    /// <summary>fee_amount.</summary>
    public required BigInteger FeeAmount { get; init; }
    /// <summary>fee_block, or <c>null</c>.</summary>
    public ulong? FeeBlock { get; init; }
    /// <summary>True when block fee_block pays this receipt (<see cref="FeePayment.Pays"/>); false when there is none.</summary>
    public required bool FeePaid { get; init; }
    /// <summary>True when the receipt's batch was rejected.</summary>
    public required bool BatchRejected { get; init; }
    /// <summary>True when the requester countersigned.</summary>
    public required bool Countersigned { get; init; }
}

/// <summary>Everything an epoch's rewards depend on (protocol section 6).</summary>
public sealed record EpochRewardInput
{
    /// <summary>The epoch being settled.</summary>
    public required ulong Epoch { get; init; }
    /// <summary>The network id (hashed into every line).</summary>
    public required string NetworkId { get; init; }
    /// <summary>E1, <c>Rewards:EmissionPerEpoch</c>.</summary>
    public required BigInteger EmissionPerEpoch { get; init; }
    /// <summary>K, <c>Rewards:FirstPeriodEpochs</c>.</summary>
    public required ulong FirstPeriodEpochs { get; init; }
    /// <summary><c>Rewards:Tokens</c>.</summary>
    public required IReadOnlyList<RewardToken> Tokens { get; init; }
    /// <summary>The receipts of the epoch's batches (final and rejected).</summary>
    public required IReadOnlyList<RewardReceipt> Receipts { get; init; }
}
