namespace Bridge.Service.Configuration;

/// <summary>The <c>Payouts:*</c> settings of the payout worker (BRIDGE-PROTOCOL.md section 7, DESIGN.md step 7).</summary>
public sealed class PayoutOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Payouts";

    /// <summary>Whether this instance pays posted epochs while it holds the active role (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the reward ledger deduplicates a transfer after its created_at_time (24 hours on ICRC-1 ledgers).</summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The safety margin around the end of <see cref="DedupWindow"/> (default 10 minutes, above the ledger's permitted
    /// drift and an ingress message's lifetime): a line whose outcome is unknown is sent again with the same bytes only
    /// until created_at_time + window − margin; new bytes are sent only after created_at_time + window + margin, when the
    /// ledger refuses the old ones as too old, and after a reconciliation against its blocks found no payment.
    /// </summary>
    public TimeSpan WindowMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the worker looks for posted epochs and pending lines (default 2 seconds).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first delay before a line is sent again after an unknown outcome or a busy ledger; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two sends of a line (default 1 minute).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
