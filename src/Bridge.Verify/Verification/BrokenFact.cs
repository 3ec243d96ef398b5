namespace Bridge.Verify.Verification;

/// <summary>A fact of the protocol that does not hold: what was checked, where, and what differs.</summary>
/// <param name="Check">The kind of check (<c>batch_chain</c>, <c>batch_root</c>, <c>leaf</c>, <c>duplicate_receipt</c>,
/// <c>epoch_lines</c>, <c>distribution_root</c>, <c>payout</c>, …; see <see cref="FactKinds"/>).</param>
/// <param name="Where">Which batch, leaf, epoch or line (<c>batch 3 leaf 7</c>).</param>
/// <param name="What">What differs, with both values.</param>
public sealed record BrokenFact(string Check, string Where, string What)
{
    /// <inheritdoc />
    public override string ToString() => $"{Where}: {What} [{Check}]";
}

/// <summary>Thrown at the first fact that does not hold; the verification stops there.</summary>
public sealed class BrokenFactException(BrokenFact fact) : Exception(fact.ToString())
{
    /// <summary>The broken fact.</summary>
    public BrokenFact Fact { get; } = fact;
}

/// <summary>The kinds of <see cref="BrokenFact"/>.</summary>
public static class FactKinds
{
    /// <summary>Sequence or previous_root of a batch does not follow the one before.</summary>
    public const string BatchChain = "batch_chain";
    /// <summary>The bridge's header differs from the canister's, or the canister lacks or adds a batch.</summary>
    public const string BatchHeader = "batch_header";
    /// <summary>The root rebuilt from the leaves, or the leaf count or sums, differ from the header.</summary>
    public const string BatchRoot = "batch_root";
    /// <summary>A leaf does not decode, or its hash, keys or signatures do not check.</summary>
    public const string Leaf = "leaf";
    /// <summary>One (provider, receipt_id) in two leaves of batches that are not rejected.</summary>
    public const string DuplicateReceipt = "duplicate_receipt";
    /// <summary>A leaf whose requester is its provider or the provider's owner, in a batch that is not rejected.</summary>
    public const string SelfDealing = "self_dealing";
    /// <summary>An epoch's batch range, state or header differs from what the calendar and the canister say.</summary>
    public const string Epoch = "epoch";
    /// <summary>An epoch's lines or ineligible receipts differ from the recomputed ones.</summary>
    public const string EpochLines = "epoch_lines";
    /// <summary>The distribution root or total differs between the recomputation, the bridge and the canister.</summary>
    public const string DistributionRoot = "distribution_root";
    /// <summary>A paid line without exactly one matching ledger block, or a payout-account block without a line.</summary>
    public const string Payout = "payout";
}
