using Bridge.Client.Rollup;
using Bridge.Verify.Verification;

namespace Bridge.Verify.Watch;

/// <summary>Files a claim with the rollup canister (the watchtower's <c>submit_claim</c>).</summary>
public interface IClaimFiler
{
    /// <summary>Submits <paramref name="claim"/>, which asks to reject batch <paramref name="batch"/>, and says what the canister answered.</summary>
    /// <param name="claim">The claim with its Merkle proofs.</param>
    /// <param name="kind">DuplicateReceipt or SelfDealing.</param>
    /// <param name="batch">The batch it should reject.</param>
    /// <param name="where">The leaves it proves, for the report.</param>
    /// <param name="ct">Cancels the call.</param>
    Task<FiledClaim> FileAsync(Claim claim, string kind, ulong batch, string where, CancellationToken ct);
}
