using System.Collections.Concurrent;
using Bridge.Client.Http;
using Bridge.Client.Models;
using Bridge.Client.Proofs;
using Bridge.Client.Signing;
using Bridge.Core.Receipts;
using Icp.Agent;

namespace GpuNodeSimulator;

/// <summary>Watches what the bridge does with the receipts: batches as they post and become final, each final receipt's
/// proof checked against the rollup canister's root, and their epochs as they settle and are paid (<see cref="RewardWatcher"/>).</summary>
internal sealed class Watcher(BridgeClient bridge, RollupProofVerifier verifier, RewardWatcher rewards, Simulator simulator)
{
    private readonly Dictionary<ulong, BridgeBatchStatus> _batches = [];
    private readonly Dictionary<ulong, RollupBatchRoot> _roots = [];
    private readonly List<Receipt> _unproven = [];
    private ulong _nextBatch = 1;
    private long _proven;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && !rewards.Done)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                await WatchBatchesAsync(ct);
                await ProveAsync(simulator.Submitted, ct);
                await rewards.WatchAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or BridgeProblemException or IcpAgentException or Icp.Agent.Certification.CertificateVerificationException)
            {
                Log.Line($"watcher: {e.Message}");
            }
        }
    }

    private async Task WatchBatchesAsync(CancellationToken ct)
    {
        ulong from = _batches.Count == 0 ? 1 : _batches.Where(b => b.Value is BridgeBatchStatus.Cut or BridgeBatchStatus.Pending).Select(b => b.Key).DefaultIfEmpty(_nextBatch).Min();
        foreach (var batch in await bridge.GetBatchesAsync(from, 100, ct))
        {
            if (_batches.TryGetValue(batch.Sequence, out var before) && before == batch.Status) continue;
            _batches[batch.Sequence] = batch.Status;
            _nextBatch = Math.Max(_nextBatch, batch.Sequence + 1);
            Log.Line($"batch {batch.Sequence}: {batch.ReceiptCount} receipts, {batch.TotalGpuSeconds} GPU s, root {Log.Short(batch.Root)} {batch.Status.ToString().ToLowerInvariant()}");
        }
    }

    private async Task ProveAsync(ConcurrentQueue<Receipt> submitted, CancellationToken ct)
    {
        while (submitted.TryDequeue(out var r)) _unproven.Add(r);
        int checkedNow = 0, certified = 0;
        var batches = new SortedSet<ulong>();
        foreach (var receipt in _unproven.Take(200).ToList())
        {
            var status = await bridge.GetReceiptAsync(receipt.Provider, receipt.ReceiptId, ct);
            if (status is not { State: ReceiptState.Final or ReceiptState.Rejected }) continue;
            _unproven.Remove(receipt);
            // A final batch's root never changes: one read of the canister serves all of its receipts.
            if (!_roots.TryGetValue(status.Batch!.Value, out var root))
            {
                root = await verifier.ReadBatchAsync(status.Batch.Value, ct);
                if (root is { State: RollupBatchState.Final or RollupBatchState.Rejected }) _roots[root.Sequence] = root;
            }
            var check = RollupProofVerifier.Verify(status, root, ReceiptSigning.Hash(receipt));
            if (!check.IsValid)
            {
                Log.Line($"PROOF FAILED for {receipt.ReceiptId} in batch {check.Sequence}: {check.Failure}");
                continue;
            }
            checkedNow++;
            _proven++;
            batches.Add(check.Sequence);
            if (check.RootCertified) certified++;
        }
        if (checkedNow > 0)
            Log.Line($"proofs: {checkedNow} receipts of batch {string.Join(", ", batches)} verified against the rollup canister's root" +
                     $"{(certified > 0 ? $" ({certified} against its certified root)" : "")}; {_proven} in all");
    }
}
