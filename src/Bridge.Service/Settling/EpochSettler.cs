using System.Globalization;
using System.Numerics;
using Bridge.Core.Protocol;
using Bridge.Core.Rewards;
using Bridge.Service.Configuration;
using Bridge.Service.Http;
using Bridge.Service.Ic;
using Bridge.Service.Ic.Rollup;
using Bridge.Service.Logging;
using Bridge.Service.Posting;
using Bridge.Service.Roles;
using Bridge.Service.Store;
using Icp.Candid;
using IcrcLedger = Icp.Ledger.IcrcLedger;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Settling;

/// <summary>
/// The epoch settler (sections 5 and 6): a worker of the active role that settles epochs in order, e = last stored + 1,
/// once the poster's last cut has passed the epoch's end (no later batch can end in it) and every batch of the epoch
/// is final or rejected. It reads the epoch's receipts, checks each cited fee block against its ledger's ICRC-3 log
/// (verified queries, archives followed; a ledger it cannot reach means settle nothing now), computes the rewards with
/// <see cref="RewardEngine"/>, stores the epoch, its lines (pending, not yet stamped) and its ineligible receipts in
/// one write, and then posts <c>submit_epoch</c> through the outbox of signed requests, as the poster posts batches:
/// <c>last_epoch</c> is read first, our header already there is a no-op, an epoch we do not know, <c>Conflict</c> or
/// any other refusal halts settling with an alert.
/// </summary>
public sealed class EpochSettler(IBridgeStore store, BridgeIc ic, RoleHalts halts, TimeProvider time, IOptions<BridgeOptions> options,
    IOptions<RewardsOptions> rewards, BridgeMetrics metrics, ILogger<EpochSettler> logger) : BackgroundService
{
    internal const string SubmitEpochKind = "submit_epoch";
    internal const string Settled = "settled";
    internal const string Posted = "posted";

    private readonly RewardSettings _settings = RewardSettings.From(rewards.Value, ic.RewardLedgerId);

    /// <summary>How long the settler sleeps between rounds.</summary>
    internal TimeSpan PollInterval => options.Value.BatchInterval < TimeSpan.FromSeconds(2) ? options.Value.BatchInterval : TimeSpan.FromSeconds(1);

    private EpochCalendar Calendar => new(JsonNat.Nanos(options.Value.Genesis!.Value), (ulong)options.Value.EpochLength.Ticks * 100);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!options.Value.PostBatches) return;
        await WorkerRounds.RunAsync(RunOnceAsync, PollInterval, TimeSpan.FromSeconds(30),
            (delay, e) => BridgeLog.SettlingRetry(logger, delay, e.Message, e), time, stoppingToken);
    }

    /// <summary>One round: post the stored epoch the canister lacks, then settle and post every epoch that is due, in order.</summary>
    internal async Task RunOnceAsync(CancellationToken ct)
    {
        while (!await halts.IsHaltedAsync(BridgeRole.Settling, ct))
        {
            var last = await store.GetLastEpochAsync(ct);
            if (last is { State: Settled })
            {
                if (!await PostAsync(last, ct)) return;
                continue;
            }
            if (await SettleAsync((last?.Epoch ?? 0) + 1, ct) is null) return;
        }
    }

    /// <summary>
    /// Settles <paramref name="epoch"/> when it is due and stores it (state <c>settled</c>); null when it is not due yet.
    /// Settling is deterministic, so an epoch already stored keeps its rows and is returned as stored.
    /// </summary>
    internal async Task<StoredEpoch?> SettleAsync(long epoch, CancellationToken ct)
    {
        if (await store.GetEpochAsync(epoch, ct) is { } stored) return stored;
        var previous = epoch > 1 ? await store.GetEpochAsync(epoch - 1, ct) ?? throw new InvalidOperationException($"epoch {epoch - 1} is not settled") : null;

        // Due once the poster has cut past the epoch's end: every later cut, hence every later batch, ends after it.
        var calendar = Calendar;
        UInt128 end = calendar.EndNs((ulong)epoch);
        if (await store.GetSettingAsync(BatchPoster.LastCutSetting, ct) is not { } lastCutText) return null;
        if (ulong.Parse(lastCutText, NumberStyles.None, CultureInfo.InvariantCulture) < end) return null;

        // The epoch's batches follow the previous epoch's and end before its end (the first epoch starts at batch 1).
        long first = (previous?.LastBatch ?? 0) + 1;
        var range = await store.GetBatchRangeAsync(0, end > ulong.MaxValue ? ulong.MaxValue : (ulong)end, ct);
        long last = range is { Last: var l } && l >= first ? l : first - 1;
        var batches = new List<StoredBatch>();
        for (long from = first; from <= last;)
        {
            var page = await store.ListBatchesAsync(from, 100, ct);
            foreach (var b in page.Where(b => b.Sequence <= last))
            {
                if (b.Sequence != from) throw new InvalidOperationException($"batch {from} is missing from the store");
                if (b.State is not (BatchState.Final or BatchState.Rejected)) return null;
                batches.Add(b);
                from++;
            }
            if (page.Count == 0) throw new InvalidOperationException($"batch {from} is missing from the store");
        }

        var rewarded = await RewardsOfAsync(epoch, batches, ct);
        var result = rewarded.Rewards;
        var lines = result.Lines.Select((line, i) => new StoredLine(epoch, i, line.Owner.ToArray(), line.Subaccount, line.Amount, line.LineHash,
            CreatedAtTimeNs: 0, Fee: BigInteger.Zero, Status: "pending", BlockIndex: null, Reason: null)).ToList();
        var ineligible = new List<IneligibleReceipt>();
        for (int i = 0; i < result.Receipts.Count; i++)
            if (result.Receipts[i].Reason is { } reason)
                ineligible.Add(new IneligibleReceipt(epoch, rewarded.Receipts[i].Provider.ToArray(), rewarded.Receipts[i].ReceiptId, reason));

        var settled = new StoredEpoch(epoch, first, last, Settled, result.DistributionRoot, result.Total);
        if (await store.AddEpochAsync(settled, lines, ineligible, ct))
        {
            BridgeLog.EpochSettled(logger, epoch, first, last, lines.Count, ineligible.Count, result.Total.ToString(CultureInfo.InvariantCulture));
            metrics.Count("bridge_epochs_settled_total");
        }
        return await store.GetEpochAsync(epoch, ct);
    }

    /// <summary>The epoch's receipts with their fee blocks checked, and their rewards.</summary>
    private async Task<(EpochRewards Rewards, IReadOnlyList<Bridge.Core.Receipts.Receipt> Receipts)> RewardsOfAsync(long epoch, List<StoredBatch> batches, CancellationToken ct)
    {
        var rates = new Dictionary<Principal, RewardToken>();
        foreach (var t in _settings.Tokens) rates.TryAdd(t.Ledger, t);
        var owners = new Dictionary<Principal, Principal>();
        var receipts = new List<(Bridge.Core.Receipts.Receipt Receipt, bool Rejected, Principal Owner)>();
        foreach (var batch in batches)
        {
            foreach (var stored in await store.GetBatchReceiptsAsync(batch.Sequence, ct))
            {
                var r = stored.Receipt;
                if (!owners.TryGetValue(r.Provider, out var owner))
                    owners[r.Provider] = owner = (await store.GetNodeAsync(r.Provider, ct))?.Owner
                        ?? throw new InvalidOperationException($"receipt {r.Provider}/{r.ReceiptId} names a provider that is not registered");
                receipts.Add((r, batch.State == BatchState.Rejected, owner));
            }
        }

        // Only a receipt every earlier rule lets through needs its fee block read (the reasons apply in order).
        var reader = new FeeBlockReader(ledger => new IcrcLedger(ic.PosterAgent, ledger));
        var blocks = new Dictionary<Principal, IReadOnlyDictionary<ulong, Icp.Ledger.Icrc3.Value?>>();
        bool NeedsBlock((Bridge.Core.Receipts.Receipt Receipt, bool Rejected, Principal Owner) x) =>
            !x.Rejected && x.Receipt.IsCountersigned && x.Receipt.FeeBlock is not null
            && rates.TryGetValue(x.Receipt.FeeToken, out var rate) && !((BigInteger)x.Receipt.FeeAmount * rate.Num / rate.Den).IsZero;
        foreach (var group in receipts.Where(NeedsBlock).GroupBy(x => x.Receipt.FeeToken))
            blocks[group.Key] = await reader.ReadAsync(group.Key, group.Select(x => x.Receipt.FeeBlock!.Value), ct);

        var inputs = receipts.Select(x =>
        {
            var r = x.Receipt;
            bool paid = NeedsBlock(x) && blocks[r.FeeToken][r.FeeBlock!.Value] is { } block
                && FeePayment.Pays(block, new Icp.Ledger.Account(r.Requester, r.RequesterSubaccount), _settings.FeeAccount, (BigInteger)r.FeeAmount, BridgeHashes.FeeMemo(r));
            return new RewardReceipt
            {
                Provider = r.Provider, ReceiptId = r.ReceiptId, Requester = r.Requester, RequesterSubaccount = r.RequesterSubaccount,
                ProviderOwner = x.Owner, GpuSeconds = r.GpuSeconds, FeeToken = r.FeeToken, FeeAmount = (BigInteger)r.FeeAmount,
                FeeBlock = r.FeeBlock, FeePaid = paid, BatchRejected = x.Rejected, Countersigned = r.IsCountersigned,
            };
        }).ToList();
        var rewards = RewardEngine.Compute(new EpochRewardInput
        {
            Epoch = (ulong)epoch, NetworkId = options.Value.NetworkId, EmissionPerEpoch = _settings.EmissionPerEpoch,
            FirstPeriodEpochs = _settings.FirstPeriodEpochs, Tokens = _settings.Tokens, Receipts = inputs,
        });
        return (rewards, receipts.Select(x => x.Receipt).ToList());
    }

    /// <summary>Posts a settled epoch to the canister; false when settling halted.</summary>
    internal async Task<bool> PostAsync(StoredEpoch epoch, CancellationToken ct)
    {
        var header = ToRollup(epoch);
        var onChain = await ic.Rollup.LastEpochAsync(ct);
        ulong lastOnChain = onChain?.Epoch ?? 0;
        if (lastOnChain >= (ulong)epoch.Epoch)
        {
            var theirs = lastOnChain == (ulong)epoch.Epoch ? onChain : await ic.Rollup.GetEpochAsync((ulong)epoch.Epoch, ct);
            if (theirs is not null && SameHeader(theirs, header))
            {
                await MarkPostedAsync(epoch, "already on the canister", ct);
                return true;
            }
            await HaltAsync($"the canister's epoch {epoch.Epoch} is not ours (root {JsonNat.Hex(theirs?.DistributionRoot ?? [])}, total {theirs?.TotalPayout}, " +
                $"batches {theirs?.FirstBatch}..{theirs?.LastBatch}; ours root {JsonNat.Hex(epoch.DistributionRoot)}, total {epoch.TotalPayout}, " +
                $"batches {epoch.FirstBatch}..{epoch.LastBatch})", ct);
            return false;
        }
        if (lastOnChain != (ulong)epoch.Epoch - 1)
        {
            await HaltAsync($"the canister's last epoch is {lastOnChain}; epoch {epoch.Epoch} follows {epoch.Epoch - 1}", ct);
            return false;
        }

        var outbox = new OutboxTransport(ic.PosterAgent, store, SubmitEpochKind, JsonNat.Of(epoch.Epoch), time);
        var result = await new RollupClient(outbox, ic.RollupId).SubmitEpochAsync(header, ct);
        if (outbox.Resumed) BridgeLog.EpochResumed(logger, epoch.Epoch, outbox.RequestId!);
        switch (result)
        {
            case EpochResult.Ok:
                await MarkPostedAsync(epoch, "request " + outbox.RequestId, ct);
                return true;
            case EpochResult.Err { Value: EpochError.Conflict }:
                await HaltAsync($"submit_epoch {epoch.Epoch}: Conflict (the canister holds another header for this epoch)", ct);
                return false;
            case EpochResult.Err { Value: var error }:
                await HaltAsync($"submit_epoch {epoch.Epoch}: {error}", ct);
                return false;
            default:
                throw new InvalidOperationException($"submit_epoch answered {result}");
        }
    }

    private async Task MarkPostedAsync(StoredEpoch epoch, string how, CancellationToken ct)
    {
        await store.UpdateEpochStateAsync(epoch.Epoch, Posted, ct);
        BridgeLog.EpochPosted(logger, epoch.Epoch, how);
        metrics.Count("bridge_epochs_posted_total");
    }

    /// <summary>Halts settling for every instance (<see cref="RoleHalts"/>): shown on <c>/ready</c> until an operator resumes it.</summary>
    private Task HaltAsync(string reason, CancellationToken ct) => halts.HaltAsync(BridgeRole.Settling, reason, ct);

    private EpochHeader ToRollup(StoredEpoch e) => new()
    {
        Epoch = (ulong)e.Epoch, FirstBatch = (ulong)e.FirstBatch, LastBatch = (ulong)e.LastBatch, DistributionRoot = e.DistributionRoot,
        TotalPayout = new Nat(e.TotalPayout), Token = ic.RewardLedgerId,
    };

    private static bool SameHeader(EpochHeader a, EpochHeader b) =>
        a.Epoch == b.Epoch && a.FirstBatch == b.FirstBatch && a.LastBatch == b.LastBatch && a.DistributionRoot.AsSpan().SequenceEqual(b.DistributionRoot)
        && a.TotalPayout == b.TotalPayout && a.Token == b.Token;
}
