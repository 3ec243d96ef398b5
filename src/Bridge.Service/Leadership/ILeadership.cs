namespace Bridge.Service.Leadership;

/// <summary>
/// Whether this instance holds the active role: the one that cuts and posts batches, settles epochs and pays. Every
/// instance takes receipts; the hosted workers of the active role run only while <see cref="IsLeader"/> (see
/// <see cref="LeaderOnlyService"/>).
/// </summary>
public interface ILeadership
{
    /// <summary>True while this instance holds the active role.</summary>
    bool IsLeader { get; }

    /// <summary>The fencing token of the term held now (0 when not leader).</summary>
    long Token { get; }

    /// <summary>
    /// Completes once this instance holds the active role, with a token that is cancelled when it loses it (lease
    /// taken over, not renewed in time, or the service stopping); <paramref name="ct"/> cancels the wait.
    /// </summary>
    Task<CancellationToken> WaitForLeadershipAsync(CancellationToken ct);
}
