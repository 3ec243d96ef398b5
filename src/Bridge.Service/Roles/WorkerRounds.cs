namespace Bridge.Service.Roles;

/// <summary>
/// The round loop every active-role worker (poster, settler, payout worker) runs: one round, then a pause; a round that
/// fails doubles the pause up to a limit (a store or canister that is down is not hammered) and reports why; the first
/// round that succeeds again returns to the normal pause. Stopping ends the loop between or inside rounds.
/// </summary>
internal static class WorkerRounds
{
    /// <summary>Runs <paramref name="round"/> until <paramref name="stoppingToken"/> is cancelled.</summary>
    /// <param name="round">One round of the worker.</param>
    /// <param name="pause">The pause after a round that succeeded.</param>
    /// <param name="maxPause">The longest pause after failures.</param>
    /// <param name="retrying">Told the next pause and the failure, to log it.</param>
    /// <param name="time">The clock the pauses run on.</param>
    /// <param name="stoppingToken">Ends the loop.</param>
    public static async Task RunAsync(Func<CancellationToken, Task> round, TimeSpan pause, TimeSpan maxPause,
        Action<TimeSpan, Exception> retrying, TimeProvider time, CancellationToken stoppingToken)
    {
        var delay = pause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await round(stoppingToken);
                delay = pause;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxPause.Ticks));
                retrying(delay, e);
            }
            try { await Task.Delay(delay, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
