namespace Bridge.Service.Configuration;

/// <summary>The <c>Ic:*</c> settings: where the Internet Computer is and which canisters the bridge uses.</summary>
public sealed class IcOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Ic";

    /// <summary>The IC's HTTP interface (a boundary node or a local replica); set by <c>--dev</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>The rollup canister id; set by <c>--dev</c>.</summary>
    public string? RollupCanister { get; set; }

    /// <summary>The reward ledger's canister id; set by <c>--dev</c>.</summary>
    public string? RewardLedger { get; set; }

    /// <summary>Whether the IC is a local network whose root key is fetched from it (true under <c>--dev</c>).</summary>
    public bool IsLocalNetwork { get; set; }
}
