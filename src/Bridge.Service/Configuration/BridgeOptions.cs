namespace Bridge.Service.Configuration;

/// <summary>The <c>Bridge:*</c> settings (BRIDGE-PROTOCOL.md sections 4, 5 and 8).</summary>
public sealed class BridgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Bridge";

    /// <summary>The network id every receipt and registration must carry (1–64 bytes of UTF-8).</summary>
    public string NetworkId { get; set; } = "";

    /// <summary>How often the poster cuts a batch (default 15 minutes).</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The most receipts in one batch (default 1,000,000); more make several batches.</summary>
    public int MaxBatchReceipts { get; set; } = 1_000_000;

    /// <summary>The rollup canister's challenge window (default 24 hours).</summary>
    public TimeSpan ChallengeWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The length of an epoch (default 24 hours).</summary>
    public TimeSpan EpochLength { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Whether this instance cuts and posts batches (default true). False runs the API and intake only: a standby, or
    /// tests of the intake; with a shared store the active role moves to a lease (fencing token) instead.
    /// </summary>
    public bool PostBatches { get; set; } = true;

    /// <summary>Genesis G: the start of epoch 1. Required outside <c>--dev</c>, which uses its first start.</summary>
    public DateTimeOffset? Genesis { get; set; }
}
