using System.Diagnostics;
using Bridge.Client.Http;
using Bridge.Client.Models;

namespace Bridge.CrashTests.World;

/// <summary>Watches a bridge's <c>/v1/batches</c> and <c>/v1/epochs</c> for the moment a <see cref="KillPhase"/> aims at.</summary>
internal sealed class BridgeWatcher
{
    private ulong _batchFrom = 1, _epochFrom = 1;

    /// <summary>Waits until the phase is under way, at most <paramref name="limit"/>; returns whether it was seen.</summary>
    public async Task<bool> WaitForAsync(Uri bridge, KillPhase phase, TimeSpan limit)
    {
        if (phase == KillPhase.Intake) return true;
        using var http = new HttpClient { BaseAddress = bridge, Timeout = TimeSpan.FromSeconds(5) };
        var client = new BridgeClient(http, new BridgeClientOptions { MaxRetries = 0 });
        var watch = Stopwatch.StartNew();
        int? settledAtStart = null, paidAtStart = null;
        ulong epochFrom = _epochFrom; // fixed during one wait, so the counts compare like with like
        while (watch.Elapsed < limit)
        {
            try
            {
                if (phase == KillPhase.Posting)
                {
                    var batches = await client.GetBatchesAsync(_batchFrom, 100);
                    if (batches.Any(b => b.Status == BridgeBatchStatus.Cut)) return true;
                    // Final batches stay behind: the next look starts at the first one not final.
                    _batchFrom = batches.FirstOrDefault(b => b.Status != BridgeBatchStatus.Final)?.Sequence ?? (batches.Count > 0 ? batches[^1].Sequence : _batchFrom);
                }
                else
                {
                    var epochs = await client.GetEpochsAsync(epochFrom, 100);
                    string wanted = phase == KillPhase.Settling ? "settled" : "posted";
                    if (epochs.Any(e => e.State == wanted)) return true;
                    // An empty epoch can pass through settled and posted between two looks: then its step just happened.
                    int settled = epochs.Count(e => e.State != "open"), paid = epochs.Count(e => e.State == "paid");
                    if (phase == KillPhase.Settling && settled > (settledAtStart ??= settled)) return true;
                    if (phase == KillPhase.Paying && paid > (paidAtStart ??= paid)) return true;
                    _epochFrom = epochs.FirstOrDefault(e => e.State is not "paid")?.Epoch ?? (epochs.Count > 0 ? epochs[^1].Epoch : _epochFrom);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or BridgeProblemException)
            {
            }
            await Task.Delay(25);
        }
        return false;
    }
}
