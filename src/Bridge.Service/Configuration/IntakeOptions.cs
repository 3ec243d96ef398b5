namespace Bridge.Service.Configuration;

/// <summary>The <c>Intake:*</c> settings (BRIDGE-PROTOCOL.md section 3).</summary>
public sealed class IntakeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Intake";

    /// <summary>Receipts that ended longer ago than this are <c>too_old</c> (default 24 hours).</summary>
    public TimeSpan MaxReceiptAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Receipts waiting to be written at most; beyond it the intake answers 429 (default 10,000).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>The most receipts the writer commits in one transaction (default 1,000).</summary>
    public int MaxReceiptsPerCommit { get; set; } = 1_000;

    /// <summary>What a 429 answer's <c>Retry-After</c> says (default 1 second).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
