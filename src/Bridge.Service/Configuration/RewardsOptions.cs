namespace Bridge.Service.Configuration;

/// <summary>The <c>Rewards:*</c> settings (BRIDGE-PROTOCOL.md sections 5 and 6).</summary>
public sealed class RewardsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Rewards";

    /// <summary>The network's fee account in ICRC-1 text form; under <c>--dev</c> the payout account.</summary>
    public string? FeeAccount { get; set; }

    /// <summary>K: the number of epochs of the first decay period (default 90).</summary>
    public int FirstPeriodEpochs { get; set; } = 90;

    /// <summary>E1: the emission of an epoch of period 1 in the reward token's smallest unit, as a decimal string.</summary>
    public string EmissionPerEpoch { get; set; } = "5000000000000";

    /// <summary>The fee tokens that earn rewards, each with its rate; by default the reward ledger at 1/1.</summary>
    public List<RewardTokenOptions> Tokens { get; set; } = [];
}

/// <summary>One rewarded fee token: <c>F = ⌊fee_amount · Num / Den⌋</c> reward units.</summary>
public sealed class RewardTokenOptions
{
    /// <summary>The token's ledger canister id.</summary>
    public string Ledger { get; set; } = "";

    /// <summary>The rate's numerator (default 1).</summary>
    public string Num { get; set; } = "1";

    /// <summary>The rate's denominator (default 1).</summary>
    public string Den { get; set; } = "1";
}
