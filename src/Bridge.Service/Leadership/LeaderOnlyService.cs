namespace Bridge.Service.Leadership;

/// <summary>
/// Runs an active-role worker (the batch poster, the epoch settler, the payout worker) only while this instance holds
/// the active role: starts it when a term begins and stops it when the term ends, as often as that happens. Other
/// instances keep taking receipts meanwhile.
/// </summary>
public sealed class LeaderOnlyService(BackgroundService worker, ILeadership leadership, ILogger<LeaderOnlyService> logger) : BackgroundService
{
    /// <summary>The worker it runs.</summary>
    public BackgroundService Worker => worker;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string name = worker.GetType().Name;
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try { term = await leadership.WaitForLeadershipAsync(stoppingToken); }
            catch (OperationCanceledException) { return; }
            using var run = CancellationTokenSource.CreateLinkedTokenSource(term, stoppingToken);
            LeadershipLog.WorkerStarting(logger, name);
            await worker.StartAsync(run.Token);
            try { await Task.Delay(Timeout.Infinite, run.Token); }
            catch (OperationCanceledException) { }
            await worker.StopAsync(CancellationToken.None);
            if (!stoppingToken.IsCancellationRequested) LeadershipLog.WorkerStopped(logger, name);
        }
    }
}
