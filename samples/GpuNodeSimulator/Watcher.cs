using System.Collections.Concurrent;
using Bridge.Client.Http;
using Bridge.Client.Models;
using Bridge.Client.Proofs;
using Bridge.Client.Signing;
using Bridge.Core.Receipts;
using Icp.Agent;
using Icp.Ledger;

namespace GpuNodeSimulator;

/// <summary>Watches what the bridge does with the receipts: batches as they post and become final, each final receipt's
/// proof checked against the rollup canister's root, and the owners' rewards once epochs settle.</summary>
internal sealed class Watcher(BridgeClient bridge, RollupProofVerifier verifier, IcrcLedger ledger, Simulator simulator)
{
    private readonly Dictionary<ulong, BridgeBatchStatus> _batches = [];
    private readonly Dictionary<ulong, RollupBatchRoot> _roots = [];
    private readonly List<Receipt> _unproven = [];
    private readonly Dictionary<string, System.Numerics.BigInteger> _balances = [];
    private ulong _nextBatch = 1;
    private long _proven;
    private bool _rewardsUnavailableSaid;

    public async Task RunAsync(CancellationToken ct)
    {
        int round = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                await WatchBatchesAsync(ct);
                await ProveAsync(simulator.Submitted, ct);
                if (++round % 5 == 0) await WatchRewardsAsync(ct);
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

    private async Task WatchRewardsAsync(CancellationToken ct)
    {
        var accounts = simulator.Nodes.Select(n => (n.Name + "'s owner", Account.Of(n.Owner.Principal)))
            .Concat(simulator.Requesters.Select(r => (r.Name, Account.Of(r.Key.Principal))));
        foreach (var (name, account) in accounts)
        {
            if (!_rewardsUnavailableSaid)
            {
                try
                {
                    var lines = await bridge.GetAccountRewardsAsync(account, ct);
                    var paid = lines.Where(l => l.Status == "paid").ToList();
                    if (paid.Count > 0 && !_balances.ContainsKey("lines:" + account))
                    {
                        _balances["lines:" + account] = 0;
                        Log.Line($"rewards: {name} has {paid.Count} paid lines, {paid.Aggregate(System.Numerics.BigInteger.Zero, (s, l) => s + l.Amount)} in all");
                    }
                }
                catch (BridgeProblemException e) when (e.Status == 404)
                {
                    _rewardsUnavailableSaid = true;
                    Log.Line("rewards: this bridge does not serve /v1/accounts/{account}/rewards yet; watching ledger balances instead");
                }
            }
            if (name.EndsWith("owner", StringComparison.Ordinal))
            {
                var amount = await ledger.BalanceOfAsync(account, ct);
                var balance = amount.Units.Value;
                string key = account.ToString();
                if (_balances.TryGetValue(key, out var before) && before == balance) continue;
                _balances[key] = balance;
                if (balance > 0) Log.Line($"rewards: {name} {Log.Short(account.Owner)} holds {amount} tokens on the reward ledger");
            }
        }
    }
}
