using System.Numerics;
using Icp.Candid;

namespace Bridge.Core.Rewards;

/// <summary>One receipt's part in an epoch's rewards.</summary>
/// <param name="F">The fee in reward units, or <c>null</c> when the token is not listed.</param>
/// <param name="Reason">Why it is ineligible (<see cref="IneligibleReasons"/>), or <c>null</c> when eligible.</param>
/// <param name="U">u before scaling.</param>
/// <param name="P">p before scaling.</param>
/// <param name="UPaid">u after the budget (step 2).</param>
/// <param name="PPaid">p after the budget.</param>
public sealed record ReceiptReward(BigInteger? F, string? Reason, BigInteger U, BigInteger P, BigInteger UPaid, BigInteger PPaid)
{
    /// <summary>True when the receipt earns.</summary>
    public bool Eligible => Reason is null;
}

/// <summary>A provider owner's compute reward (step 3).</summary>
/// <param name="Owner">The owner.</param>
/// <param name="G">g: its eligible GPU seconds.</param>
/// <param name="H">h: Σ (F − u − p), its headroom.</param>
/// <param name="C">c = min(⌊C(n) · g / G⌋, h).</param>
public sealed record OwnerCompute(Principal Owner, BigInteger G, BigInteger H, BigInteger C);

/// <summary>One payout line (step 4).</summary>
/// <param name="Owner">The account's owner.</param>
/// <param name="Subaccount">The subaccount, <c>null</c> for the default one (an all-zero one merges into it).</param>
/// <param name="Amount">The amount (above zero).</param>
/// <param name="LineHash">line_hash: the transfer's memo and the distribution tree's leaf.</param>
public sealed record RewardLine(Principal Owner, byte[]? Subaccount, BigInteger Amount, byte[] LineHash);

/// <summary>An epoch's rewards with every intermediate value (protocol section 6).</summary>
public sealed record EpochRewards
{
    /// <summary>The epoch.</summary>
    public required ulong Epoch { get; init; }
    /// <summary>n, the period holding the epoch.</summary>
    public required int Period { get; init; }
    /// <summary>df(n).</summary>
    public required BigInteger Df { get; init; }
    /// <summary>P(n).</summary>
    public required BigInteger P { get; init; }
    /// <summary>E(n).</summary>
    public required BigInteger E { get; init; }
    /// <summary>M(n).</summary>
    public required BigInteger M { get; init; }
    /// <summary>C(n).</summary>
    public required BigInteger C { get; init; }
    /// <summary>Per input receipt, in input order.</summary>
    public required IReadOnlyList<ReceiptReward> Receipts { get; init; }
    /// <summary>U = Σ (u + p) before scaling.</summary>
    public required BigInteger U { get; init; }
    /// <summary>True when U &gt; M(n) and every u and p was scaled.</summary>
    public required bool Scaled { get; init; }
    /// <summary>The provider owners with eligible receipts, by owner bytes.</summary>
    public required IReadOnlyList<OwnerCompute> Owners { get; init; }
    /// <summary>G = Σ g.</summary>
    public required BigInteger G { get; init; }
    /// <summary>The lines, in payout order.</summary>
    public required IReadOnlyList<RewardLine> Lines { get; init; }
    /// <summary>Σ line amounts (total_payout).</summary>
    public required BigInteger Total { get; init; }
    /// <summary>The RFC 6962 root over the lines' line_hash.</summary>
    public required byte[] DistributionRoot { get; init; }
}
