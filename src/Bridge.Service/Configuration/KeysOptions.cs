namespace Bridge.Service.Configuration;

/// <summary>The <c>Keys:*</c> settings: PEM files of the bridge's identities.</summary>
public sealed class KeysOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Keys";

    /// <summary>The poster identity (the rollup canister's configured poster).</summary>
    public string? Poster { get; set; }

    /// <summary>The payout identity (owner of the payout account, default subaccount).</summary>
    public string? Payout { get; set; }
}
