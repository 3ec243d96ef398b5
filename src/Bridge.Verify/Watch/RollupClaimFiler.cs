using Bridge.Client.Rollup;
using Bridge.Verify.Verification;
using Icp.Candid;

namespace Bridge.Verify.Watch;

/// <summary>Files claims with <c>submit_claim</c> on the rollup canister, as the transport's identity (the configured PEM).</summary>
/// <param name="transport">The agent signing as the watchtower's identity.</param>
/// <param name="rollupCanister">The rollup canister.</param>
public sealed class RollupClaimFiler(ICanisterTransport transport, Principal rollupCanister) : IClaimFiler
{
    private readonly RollupClient _rollup = new(transport, rollupCanister);

    /// <inheritdoc />
    public async Task<FiledClaim> FileAsync(Claim claim, string kind, ulong batch, string where, CancellationToken ct)
    {
        var result = await _rollup.SubmitClaimAsync(claim, ct).ConfigureAwait(false);
        return result switch
        {
            ClaimResult.Ok ok => new FiledClaim(kind, batch, where, ok.Value.RejectedBatch == batch,
                $"batch {ok.Value.RejectedBatch} rejected: {ok.Value.Reason}"),
            ClaimResult.Err err => new FiledClaim(kind, batch, where, false, err.Value switch
            {
                ClaimError.NotPending n => $"NotPending: batch {n.Value.Sequence} is no longer pending",
                ClaimError.NotAViolation v => $"NotAViolation: {v.Value.Reason}",
                ClaimError.UnknownBatch u => $"UnknownBatch: {u.Value.Sequence}",
                var other => other.GetType().Name,
            }),
            _ => new FiledClaim(kind, batch, where, false, "unknown answer"),
        };
    }
}
