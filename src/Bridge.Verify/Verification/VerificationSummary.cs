namespace Bridge.Verify.Verification;

/// <summary>What one verification run covered, and the claims it filed.</summary>
public sealed class VerificationSummary
{
    /// <summary>Batches checked in this run (root, chain, header, leaves).</summary>
    public long Batches { get; set; }

    /// <summary>Leaves checked in this run (decoding, receipt_hash, keys, signatures, duplicates).</summary>
    public long Leaves { get; set; }

    /// <summary>Epochs whose lines were recomputed in this run.</summary>
    public long Epochs { get; set; }

    /// <summary>Lines compared in this run.</summary>
    public long Lines { get; set; }

    /// <summary>Fee blocks read from fee ledgers.</summary>
    public long FeeBlocks { get; set; }

    /// <summary>Reward ledger blocks read while looking for payouts.</summary>
    public long LedgerBlocks { get; set; }

    /// <summary>Paid lines matched to their one ledger block.</summary>
    public long PaidLines { get; set; }

    /// <summary>The last batch the canister holds, checked against its certificate.</summary>
    public ulong? CertifiedBatch { get; set; }

    /// <summary>The first epoch still open on the bridge (nothing after it can be settled).</summary>
    public ulong? FirstOpenEpoch { get; set; }

    /// <summary>Notes: facts that are not broken but worth knowing (a payout account not yet known, a line paid but not yet recorded).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The claims filed (watchtower), with the canister's answers.</summary>
    public List<FiledClaim> Claims { get; } = [];
}

/// <summary>A claim the watchtower filed.</summary>
/// <param name="Kind">DuplicateReceipt or SelfDealing.</param>
/// <param name="Batch">The batch it asked to reject.</param>
/// <param name="Where">The leaves it proved.</param>
/// <param name="Accepted">True when the canister rejected the batch.</param>
/// <param name="Outcome">The canister's answer (the reason recorded, or the error).</param>
public sealed record FiledClaim(string Kind, ulong Batch, string Where, bool Accepted, string Outcome);
