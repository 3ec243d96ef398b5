using System.Diagnostics;
using System.Globalization;
using Bridge.Core.Batches;
using Bridge.Core.Leaves;
using Bridge.Core.Nodes;
using Bridge.Service.Configuration;
using Bridge.Service.Http;
using Bridge.Service.Ic;
using Bridge.Service.Ic.Rollup;
using Bridge.Service.Logging;
using Bridge.Service.Roles;
using Bridge.Service.Store;
using Icp.Candid;
using Microsoft.Extensions.Options;
using CoreHeader = Bridge.Core.Batches.BatchHeader;
using RollupHeader = Bridge.Service.Ic.Rollup.BatchHeader;

namespace Bridge.Service.Posting;

/// <summary>
/// The batch poster (section 4): every <c>Bridge:BatchInterval</c> it cuts the receipts acknowledged before the cut
/// into batches (Core's cutting) and stores them; then it posts each stored batch in order. Before posting it reads
/// the canister's <c>last_batch</c>: our header already there is a no-op; a batch we do not know, a sequence that does
/// not follow ours, <c>Conflict</c> or <c>PreviousRootMismatch</c> halt the posting role (<see cref="RoleHalts"/>:
/// another writer is using the canister, or it was reinstalled) until an operator resumes it; while halted it cuts
/// batches but posts nothing. The signed
/// <c>submit_batch</c> is stored with its request id before it is sent (<see cref="OutboxTransport"/>), so after a
/// restart the poster waits for that request or sends the same bytes again, and posts nothing twice. Posted batches
/// are followed until the canister says final or rejected.
/// </summary>
public sealed class BatchPoster(IBridgeStore store, BridgeIc ic, RoleHalts halts, TimeProvider time, IOptions<BridgeOptions> options,
    BridgeMetrics metrics, ILogger<BatchPoster> logger) : BackgroundService
{
    internal const string LastCutSetting = "poster.last_cut_ns";
    internal const string SubmitBatchKind = "submit_batch";

    /// <summary>How long the poster sleeps between rounds (the cut itself follows <c>Bridge:BatchInterval</c>).</summary>
    internal TimeSpan PollInterval => options.Value.BatchInterval < TimeSpan.FromSeconds(2) ? options.Value.BatchInterval : TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!options.Value.PostBatches) return;
        await WorkerRounds.RunAsync(RunOnceAsync, PollInterval, TimeSpan.FromSeconds(30),
            (delay, e) => BridgeLog.PostingRetry(logger, delay, e.Message, e), time, stoppingToken);
    }

    /// <summary>One round: cut when due, post what is stored and not posted, follow posted batches.</summary>
    internal async Task RunOnceAsync(CancellationToken ct)
    {
        ulong now = JsonNat.Nanos(time.GetUtcNow());
        ulong lastCut = ulong.Parse(await store.GetSettingAsync(LastCutSetting, ct) ?? JsonNat.Of(GenesisNs), CultureInfo.InvariantCulture);
        if (now >= lastCut + (ulong)options.Value.BatchInterval.Ticks * 100) await CutAsync(now, ct);
        if (await halts.IsHaltedAsync(BridgeRole.Posting, ct)) return;
        await PostAsync(ct);
        await FollowAsync(ct);
    }

    private ulong GenesisNs => JsonNat.Nanos(options.Value.Genesis!.Value);

    /// <summary>Cuts every receipt acknowledged before <paramref name="cutNs"/> into batches and stores them.</summary>
    internal async Task<int> CutAsync(ulong cutNs, CancellationToken ct)
    {
        int max = options.Value.MaxBatchReceipts;
        int made = 0;
        var nodes = new Dictionary<Principal, RegisteredNode>();
        while (true)
        {
            var pending = await store.GetUnbatchedReceiptsAsync(cutNs, max, ct);
            if (pending.Count == 0) break;
            var leaves = new List<PendingLeaf>(pending.Count);
            var rowOf = new Dictionary<string, long>(pending.Count);
            foreach (var r in pending)
            {
                if (!nodes.TryGetValue(r.Receipt.Provider, out var node))
                    nodes[r.Receipt.Provider] = node = await store.GetNodeAsync(r.Receipt.Provider, ct)
                        ?? throw new InvalidOperationException($"receipt {r.Id} names provider {r.Receipt.Provider}, which is not registered");
                var bytes = ReceiptLeafCodec.Encode(Bridge.Core.Leaves.ReceiptLeaf.From(r.Receipt, node, r.ReceiptHash));
                leaves.Add(new PendingLeaf(r.ReceiptHash, bytes, r.Receipt.FeeAmount, r.Receipt.GpuSeconds));
                rowOf[Convert.ToHexStringLower(r.ReceiptHash)] = r.Id;
            }
            var last = await store.GetLastBatchAsync(ct);
            foreach (var cut in BatchCutter.Cut(leaves, last is null ? null : ToCore(last), GenesisNs, cutNs, max))
            {
                var h = cut.Header;
                var batch = new StoredBatch
                {
                    Sequence = (long)h.Sequence, PreviousRoot = h.PreviousRoot, Root = h.Root, ReceiptCount = (long)h.ReceiptCount,
                    TotalFees = h.TotalFees, TotalGpuSeconds = h.TotalGpuSeconds, WindowStartNs = h.WindowStartNs, WindowEndNs = h.WindowEndNs,
                };
                await store.AddBatchAsync(batch, cut.Leaves.Select(l => (rowOf[Convert.ToHexStringLower(l.ReceiptHash)], l.LeafBytes)).ToList(), ct);
                BridgeLog.BatchCut(logger, batch.Sequence, batch.ReceiptCount, JsonNat.Hex(batch.Root));
                metrics.BatchCut();
                made++;
            }
            if (pending.Count < max) break;
        }
        await store.SetSettingAsync(LastCutSetting, JsonNat.Of(cutNs), ct);
        return made;
    }

    /// <summary>Posts every stored batch the canister does not hold yet, in order.</summary>
    internal async Task PostAsync(CancellationToken ct)
    {
        var batches = await store.ListBatchesAsync(await FirstUnpostedAsync(ct), 100, ct);
        if (!batches.Any(b => b.State == BatchState.Cut))
        {
            // Nothing to post: still compare the canister with what we hold, so a foreign batch halts posting in the
            // round after it appears, not only when our next batch is cut (which needs receipts and an interval).
            await CheckCanisterAsync(ct);
            return;
        }
        foreach (var batch in batches)
        {
            if (batch.State != BatchState.Cut) continue;
            if (!await PostOneAsync(batch, ct)) return;
        }
    }

    /// <summary>Halts posting when the canister's last batch is not one we posted (or it lost batches we posted).</summary>
    private async Task CheckCanisterAsync(CancellationToken ct)
    {
        var onChain = await ic.Rollup.LastBatchAsync(ct);
        var ourLast = await store.GetLastBatchAsync(ct);
        if (onChain is null)
        {
            if (ourLast is not null && ourLast.State != BatchState.Cut)
                await HaltAsync($"the canister holds no batch, but the bridge posted batches up to {ourLast.Sequence} (was it reinstalled?)", ct);
            return;
        }
        ulong sequence = onChain.Header.Sequence;
        var ours = await store.GetBatchAsync((long)sequence, ct);
        if (ours is null)
        {
            await HaltAsync($"the canister's batch {sequence} is not ours (root {JsonNat.Hex(onChain.Header.Root)}; the bridge has cut no batch {sequence})", ct);
            return;
        }
        if (!SameHeader(onChain.Header, ToRollup(ours)))
            await HaltAsync($"the canister's batch {sequence} is not ours (root {JsonNat.Hex(onChain.Header.Root)}, ours {JsonNat.Hex(ours.Root)})", ct);
    }

    private async Task<long> FirstUnpostedAsync(CancellationToken ct)
    {
        // Batches are posted in order, so the first Cut one follows the last Posted/Final/Rejected one.
        var last = await store.GetLastBatchAsync(ct);
        if (last is null) return 1;
        long from = last.Sequence;
        while (from > 1 && (await store.GetBatchAsync(from - 1, ct))?.State == BatchState.Cut) from--;
        return from;
    }

    private async Task<bool> PostOneAsync(StoredBatch batch, CancellationToken ct)
    {
        var header = ToRollup(batch);
        var onChain = await ic.Rollup.LastBatchAsync(ct);
        ulong lastSequence = onChain?.Header.Sequence ?? 0;
        if (lastSequence >= (ulong)batch.Sequence)
        {
            var mine = lastSequence == (ulong)batch.Sequence ? onChain : await ic.Rollup.GetBatchAsync((ulong)batch.Sequence, ct);
            if (mine is not null && SameHeader(mine.Header, header))
            {
                await MarkPostedAsync(batch, mine, "already on the canister", ct);
                return true;
            }
            await HaltAsync($"the canister's batch {batch.Sequence} is not ours (root {JsonNat.Hex(mine?.Header.Root ?? [])}, ours {JsonNat.Hex(batch.Root)})", ct);
            return false;
        }
        var expectedPrevious = onChain?.Header.Root ?? new byte[32];
        if (lastSequence != (ulong)batch.Sequence - 1 || !expectedPrevious.AsSpan().SequenceEqual(batch.PreviousRoot))
        {
            await HaltAsync($"the canister's last batch is {lastSequence} (root {JsonNat.Hex(expectedPrevious)}); batch {batch.Sequence} follows {batch.Sequence - 1} (root {JsonNat.Hex(batch.PreviousRoot)})", ct);
            return false;
        }

        var outbox = new OutboxTransport(ic.PosterAgent, store, SubmitBatchKind, JsonNat.Of(batch.Sequence), time);
        long started = Stopwatch.GetTimestamp();
        var result = await new RollupClient(outbox, ic.RollupId).SubmitBatchAsync(header, ct);
        metrics.PostDuration(Stopwatch.GetElapsedTime(started));
        if (outbox.Resumed) BridgeLog.BatchResumed(logger, batch.Sequence, outbox.RequestId!);
        switch (result)
        {
            case SubmitResult.Ok:
                var record = await ic.Rollup.GetBatchAsync((ulong)batch.Sequence, ct);
                await MarkPostedAsync(batch, record, "request " + outbox.RequestId, ct);
                BridgeLog.BatchPosted(logger, batch.Sequence, outbox.RequestId!);
                metrics.BatchPosted();
                return true;
            case SubmitResult.Err { Value: SubmitError.OutOfOrder o }:
                await HaltAsync($"submit_batch {batch.Sequence}: OutOfOrder (the canister expects {o.Value.Expected})", ct);
                return false;
            case SubmitResult.Err { Value: var error }:
                await HaltAsync($"submit_batch {batch.Sequence}: {error}", ct);
                return false;
            default:
                throw new InvalidOperationException($"submit_batch answered {result}");
        }
    }

    /// <summary>Follows posted batches until the canister says final or rejected.</summary>
    internal async Task FollowAsync(CancellationToken ct)
    {
        var last = await store.GetLastBatchAsync(ct);
        if (last is null) return;
        // Batches become final in order (same window), so walk back from the newest until a settled one.
        var open = new List<StoredBatch>();
        for (long n = last.Sequence; n >= 1; n--)
        {
            var b = await store.GetBatchAsync(n, ct);
            if (b is null || b.State is BatchState.Final or BatchState.Rejected) break;
            if (b.State == BatchState.Posted) open.Add(b);
        }
        foreach (var b in open.OrderBy(b => b.Sequence))
        {
            var record = await ic.Rollup.GetBatchAsync((ulong)b.Sequence, ct);
            if (record is null) continue;
            var updated = record.Status switch
            {
                BatchStatus.Final => b with { State = BatchState.Final, FinalAfterNs = record.FinalAfterNs },
                BatchStatus.Rejected r => b with { State = BatchState.Rejected, RejectReason = r.Value.Reason },
                _ => null,
            };
            if (updated is null) continue;
            await store.UpdateBatchAsync(updated, ct);
            BridgeLog.BatchState(logger, b.Sequence, BatchResponse.StatusOf(updated.State));
        }
    }

    private async Task MarkPostedAsync(StoredBatch batch, Ic.Rollup.BatchRecord? record, string how, CancellationToken ct)
    {
        await store.UpdateBatchAsync(batch with
        {
            State = BatchState.Posted,
            PostedNs = record?.SubmittedAtNs ?? JsonNat.Nanos(time.GetUtcNow()),
            FinalAfterNs = record?.FinalAfterNs,
            RejectReason = null,
        }, ct);
        await store.AddEventAsync("batch_posted", JsonNat.Of(batch.Sequence), how, ct);
    }

    private Task HaltAsync(string reason, CancellationToken ct) => halts.HaltAsync(BridgeRole.Posting, reason, ct);

    private static bool SameHeader(RollupHeader a, RollupHeader b) =>
        a.Sequence == b.Sequence && a.PreviousRoot.AsSpan().SequenceEqual(b.PreviousRoot) && a.Root.AsSpan().SequenceEqual(b.Root)
        && a.ReceiptCount == b.ReceiptCount && a.TotalFees == b.TotalFees && a.TotalGpuSeconds == b.TotalGpuSeconds
        && a.WindowStartNs == b.WindowStartNs && a.WindowEndNs == b.WindowEndNs;

    private static RollupHeader ToRollup(StoredBatch b) => new()
    {
        Sequence = (ulong)b.Sequence, PreviousRoot = b.PreviousRoot, Root = b.Root, ReceiptCount = (ulong)b.ReceiptCount,
        TotalFees = new Nat(b.TotalFees), TotalGpuSeconds = new Nat(b.TotalGpuSeconds), WindowStartNs = b.WindowStartNs, WindowEndNs = b.WindowEndNs,
    };

    private static CoreHeader ToCore(StoredBatch b) => new()
    {
        Sequence = (ulong)b.Sequence, PreviousRoot = b.PreviousRoot, Root = b.Root, ReceiptCount = (ulong)b.ReceiptCount,
        TotalFees = b.TotalFees, TotalGpuSeconds = b.TotalGpuSeconds, WindowStartNs = b.WindowStartNs, WindowEndNs = b.WindowEndNs,
    };
}
