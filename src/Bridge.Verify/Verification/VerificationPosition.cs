namespace Bridge.Verify.Verification;

/// <summary>
/// Where a verification stands, kept in the report so that <c>--resume</c> continues from it: the batches checked up to
/// the first one that is not yet final or rejected (their chain end and every receipt seen in them), the epochs checked
/// up to the first one not yet paid (with their lines), and how far the reward ledger's log was read.
/// </summary>
public sealed class VerificationPosition
{
    /// <summary>The next batch to check (batches before it are final or rejected and checked).</summary>
    public ulong NextBatch { get; set; } = 1;

    /// <summary>The root of batch <see cref="NextBatch"/> − 1 (hex; 32 zero bytes before the first).</summary>
    public string PreviousRoot { get; set; } = new string('0', 64);

    /// <summary>The window end of batch <see cref="NextBatch"/> − 1 (genesis before the first; null: take genesis).</summary>
    public ulong? PreviousWindowEndNs { get; set; }

    /// <summary>Every receipt of a checked batch that is not rejected: <see cref="ReceiptKey"/> → [batch, leaf index].</summary>
    public Dictionary<string, ulong[]> Receipts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The next epoch to check (epochs before it are paid and checked).</summary>
    public ulong NextEpoch { get; set; } = 1;

    /// <summary>The last batch of epoch <see cref="NextEpoch"/> − 1 (0 before the first).</summary>
    public ulong PreviousEpochLastBatch { get; set; }

    /// <summary>The lines of the checked epochs: line_hash (hex) → the line.</summary>
    public Dictionary<string, CheckedLine> Lines { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The payout account (ICRC-1 text) once known.</summary>
    public string? PayoutAccount { get; set; }

    /// <summary>The next block of the reward ledger's log to read.</summary>
    public ulong LedgerNextBlock { get; set; }

    /// <summary>Blocks of the reward ledger that move tokens out of the payout account: memo (hex; empty for none) → block indexes.</summary>
    public Dictionary<string, List<ulong>> PayoutBlocks { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A line of a checked epoch.</summary>
/// <param name="Epoch">Its epoch.</param>
/// <param name="Index">Its position among the epoch's lines.</param>
/// <param name="Account">Its account (ICRC-1 text).</param>
/// <param name="Amount">Its amount (decimal).</param>
/// <param name="Status">pending, paid or held, as the bridge said.</param>
/// <param name="BlockIndex">The block the bridge says paid it.</param>
public sealed record CheckedLine(ulong Epoch, int Index, string Account, string Amount, string Status, ulong? BlockIndex);
