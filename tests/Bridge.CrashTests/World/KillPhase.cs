namespace Bridge.CrashTests.World;

/// <summary>Where a kill is aimed: what the test waits to see on the bridge's API before it kills (after a jitter).</summary>
internal enum KillPhase
{
    /// <summary>Receipts arriving (the group commit); no wait.</summary>
    Intake,
    /// <summary>A batch cut but not yet on the canister (<c>/v1/batches</c> status <c>cut</c>): its outbox entry in flight.</summary>
    Posting,
    /// <summary>An epoch settled but not yet posted (<c>/v1/epochs</c> state <c>settled</c>): submit_epoch in flight.</summary>
    Settling,
    /// <summary>An epoch posted, its lines being paid (state <c>posted</c>).</summary>
    Paying,
}
