using Bridge.Verify.Reporting;
using Bridge.Verify.Verification;

namespace Bridge.Verify.Watch;

/// <summary>
/// Watch mode: runs the verifier again and again on the same position, so that new batches are checked as they
/// arrive; a pending batch holding a duplicate or self-dealing receipt is claimed against (the verifier's claim filer)
/// before its challenge window ends. Stops at the first broken fact, or when cancelled.
/// </summary>
/// <param name="verifier">The verifier, made with a claim filer.</param>
/// <param name="interval">The pause between rounds; keep it well below the canister's challenge window.</param>
/// <param name="progress">Where each round's outcome goes.</param>
public sealed class Watchtower(BridgeVerifier verifier, TimeSpan interval, ProgressReporter? progress = null)
{
    private readonly ProgressReporter _progress = progress ?? ProgressReporter.Silent;

    /// <summary>Every claim filed so far.</summary>
    public List<FiledClaim> Claims { get; } = [];

    /// <summary>One round: a full verification; its claims are added to <see cref="Claims"/>.</summary>
    /// <exception cref="BrokenFactException">A fact does not hold (a claim the canister refused included).</exception>
    public async Task RoundAsync(CancellationToken ct)
    {
        try { await verifier.RunAsync(ct).ConfigureAwait(false); }
        finally { Claims.AddRange(verifier.Summary.Claims); }
    }

    /// <summary>Rounds until cancelled (returns normally then) or a fact breaks (throws); <paramref name="afterRound"/>
    /// runs after each good round (the report is written there).</summary>
    public async Task RunAsync(Func<Task>? afterRound, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await RoundAsync(ct).ConfigureAwait(false);
                if (afterRound is not null) await afterRound().ConfigureAwait(false);
                _progress.Say($"watch: all holds up to batch {verifier.Position.NextBatch - 1} final; {Claims.Count} claims so far; next round in {interval.TotalSeconds:0.#} s");
                await Task.Delay(interval, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
