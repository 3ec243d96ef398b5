namespace Bridge.Core.Rewards;

/// <summary>Why a receipt earns nothing (protocol section 6); the first that applies, in this order.</summary>
public static class IneligibleReasons
{
    /// <summary>Its batch was rejected.</summary>
    public const string BatchRejected = "batch_rejected";
    /// <summary>No requester countersignature.</summary>
    public const string NotCountersigned = "not_countersigned";
    /// <summary>fee_token is not in <c>Rewards:Tokens</c>.</summary>
    public const string TokenNotRewarded = "token_not_rewarded";
    /// <summary>F = ⌊fee_amount · num / den⌋ is zero.</summary>
    public const string FeeRoundsToZero = "fee_rounds_to_zero";
    /// <summary>fee_block is null.</summary>
    public const string NoFeeBlock = "no_fee_block";
    /// <summary>The block does not pay the receipt.</summary>
    public const string FeeNotPaid = "fee_not_paid";
}
