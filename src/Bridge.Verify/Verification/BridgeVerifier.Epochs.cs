using System.Numerics;
using Bridge.Client.Models;
using Bridge.Client.Rollup;
using Bridge.Core.Protocol;
using Bridge.Core.Rewards;
using Icp.Candid;
using Icp.Ledger;
using Account = Icp.Ledger.Account;

namespace Bridge.Verify.Verification;

public sealed partial class BridgeVerifier
{
    /// <summary>An epoch checked in this run: the bridge's answer and the recomputed rewards.</summary>
    private sealed record CheckedEpoch(BridgeEpoch Bridge, EpochRewards Computed);

    private readonly Dictionary<(Principal Ledger, ulong Index), Icp.Ledger.Icrc3.Value?> _feeBlocks = [];

    /// <summary>Sections 5–6: every epoch the bridge shows settled, from the position on, recomputed from its batches.</summary>
    private async Task<List<CheckedEpoch>> VerifyEpochsAsync(CancellationToken ct)
    {
        var checkedEpochs = new List<CheckedEpoch>();
        var calendar = new EpochCalendar(_info!.GenesisNs, (ulong)_info.EpochLength.Ticks * 100);
        ulong previousLast = Position.PreviousEpochLastBatch;
        bool committing = true;
        for (ulong e = Position.NextEpoch; ; e++)
        {
            var epoch = await _bridge.GetEpochAsync(e, ct).ConfigureAwait(false);
            if (epoch is null || epoch.State == "open")
            {
                Summary.FirstOpenEpoch = e;
                break;
            }
            string where = $"epoch {e}";
            if (epoch.State is not ("settled" or "posted" or "paid"))
                Fail(FactKinds.Epoch, where, $"state '{epoch.State}' is not open, settled, posted or paid");
            ulong nowNs = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
            if (!calendar.HasEnded(e, nowNs)) Fail(FactKinds.Epoch, where, $"is {epoch.State} but has not ended (it ends at {calendar.EndNs(e)} ns)");
            if (epoch.FirstBatch is null || epoch.LastBatch is null) Fail(FactKinds.Epoch, where, $"is {epoch.State} but names no batch range");
            ulong first = epoch.FirstBatch.Value, last = epoch.LastBatch.Value;
            if (first != previousLast + 1) Fail(FactKinds.Epoch, where, $"first_batch is {first}, the previous epoch ended at batch {previousLast}");
            if (last + 1 < first) Fail(FactKinds.Epoch, where, $"last_batch {last} is before first_batch {first} − 1");

            var receipts = await EpochReceiptsAsync(e, first, last, calendar, where, ct).ConfigureAwait(false);
            EpochRewards computed;
            try
            {
                computed = RewardEngine.Compute(new EpochRewardInput
                {
                    Epoch = e, NetworkId = _info.NetworkId, EmissionPerEpoch = _info.EmissionPerEpoch,
                    FirstPeriodEpochs = _info.FirstPeriodEpochs, Tokens = RewardTokens, Receipts = receipts,
                });
            }
            catch (ArgumentException ex) { Fail(FactKinds.EpochLines, where, $"its receipts cannot be rewarded: {ex.Message}"); throw; }
            CompareLines(epoch, computed, where);
            CompareIneligible(epoch, receipts, computed, where);
            await CompareDistributionAsync(epoch, computed, where, ct).ConfigureAwait(false);

            checkedEpochs.Add(new CheckedEpoch(epoch, computed));
            Summary.Epochs++;
            Summary.Lines += computed.Lines.Count;
            previousLast = last;
            if (committing && epoch.State == "paid" && epoch.Lines.All(l => l.Status == "paid"))
            {
                Position.NextEpoch = e + 1;
                Position.PreviousEpochLastBatch = last;
                for (int i = 0; i < epoch.Lines.Count; i++)
                {
                    var l = epoch.Lines[i];
                    Position.Lines[Hex(l.LineHash)] = new CheckedLine(e, i, new Account(l.Owner, l.Subaccount).ToString(), l.Amount.ToString(), l.Status, l.BlockIndex);
                }
            }
            else committing = false;
            _progress.Report(() => $"epochs: {Summary.Epochs} recomputed, {Summary.Lines} lines (at epoch {e})");
        }
        _progress.Say($"epochs: {Summary.Epochs} recomputed, {Summary.Lines} lines; epoch {Summary.FirstOpenEpoch} is open");
        return checkedEpochs;
    }

    /// <summary>The receipts of batches <paramref name="first"/>..<paramref name="last"/>, each final or rejected on the
    /// canister and ending inside the epoch, with their fee payments read from the fee ledgers.</summary>
    private async Task<List<RewardReceipt>> EpochReceiptsAsync(ulong epoch, ulong first, ulong last, EpochCalendar calendar, string where, CancellationToken ct)
    {
        var receipts = new List<RewardReceipt>();
        var tokens = RewardTokens.GroupBy(t => t.Ledger).ToDictionary(g => g.Key, g => g.First());
        for (ulong s = first; s <= last; s++)
        {
            var record = await _rollup.GetBatchAsync(s, ct).ConfigureAwait(false);
            if (record is null) Fail(FactKinds.Epoch, where, $"covers batch {s}, which the rollup canister does not hold");
            if (record.Status is BatchStatus.Pending) Fail(FactKinds.Epoch, where, $"covers batch {s}, which is still pending on the canister");
            ulong end = record.Header.WindowEndNs;
            if (end < calendar.StartNs(epoch) || end >= calendar.EndNs(epoch))
                Fail(FactKinds.Epoch, where, $"covers batch {s}, whose window ends at {end}, outside the epoch [{calendar.StartNs(epoch)}, {calendar.EndNs(epoch)})");
            if (!_batches.TryGetValue(s, out var batch) || !batch.Record.Status.Equals(record.Status))
            {
                batch = await CheckLeavesAsync(s, record, $"batch {s}", ct).ConfigureAwait(false);
                _batches[s] = batch;
            }
            bool rejected = record.Status is BatchStatus.Rejected;
            foreach (var leaf in batch.Leaves)
            {
                bool countersigned = leaf.RequesterSignature is not null;
                ulong? feeBlock = leaf.FeeBlock is { } b && b.TryGetUInt64(out ulong v) ? v : null;
                bool paid = false;
                if (!rejected && countersigned && feeBlock is { } index && tokens.TryGetValue(leaf.FeeToken, out var token)
                    && leaf.FeeAmount * token.Num / token.Den > 0)
                {
                    var block = await FeeBlockAsync(leaf.FeeToken, index, ct).ConfigureAwait(false);
                    paid = block is not null && FeePayment.Pays(block, new Account(leaf.Requester.Owner, leaf.Requester.Subaccount), _info!.FeeAccount,
                        leaf.FeeAmount, BridgeHashes.FeeMemo(leaf.NetworkId, leaf.Provider, leaf.ReceiptId));
                }
                receipts.Add(new RewardReceipt
                {
                    Provider = leaf.Provider, ReceiptId = leaf.ReceiptId, Requester = leaf.Requester.Owner, RequesterSubaccount = leaf.Requester.Subaccount,
                    ProviderOwner = leaf.ProviderOwner, GpuSeconds = leaf.GpuSeconds, FeeToken = leaf.FeeToken, FeeAmount = leaf.FeeAmount,
                    FeeBlock = feeBlock, FeePaid = paid, BatchRejected = rejected, Countersigned = countersigned,
                });
            }
        }
        // No batch after the epoch's last may end inside it.
        var next = await _rollup.GetBatchAsync(last + 1, ct).ConfigureAwait(false);
        if (next is not null && next.Header.WindowEndNs < calendar.EndNs(epoch))
            Fail(FactKinds.Epoch, where, $"ends at batch {last}, but batch {last + 1} also ends inside it (at {next.Header.WindowEndNs})");
        return receipts;
    }

    private async Task<Icp.Ledger.Icrc3.Value?> FeeBlockAsync(Principal ledger, ulong index, CancellationToken ct)
    {
        if (_feeBlocks.TryGetValue((ledger, index), out var cached)) return cached;
        Icp.Ledger.Icrc3.Value? value = null;
        await foreach (var block in new IcrcLedger(_agent, ledger).GetBlocksAsync(index, 1, 1, ct).ConfigureAwait(false))
            value = block.Value;
        _feeBlocks[(ledger, index)] = value;
        Summary.FeeBlocks++;
        return value;
    }

    private static void CompareLines(BridgeEpoch epoch, EpochRewards computed, string where)
    {
        int n = Math.Min(epoch.Lines.Count, computed.Lines.Count);
        for (int i = 0; i < n; i++)
        {
            var b = epoch.Lines[i];
            var c = computed.Lines[i];
            string at = $"{where} line {i} ({new Account(c.Owner, c.Subaccount)})";
            var bridgeAccount = new Account(b.Owner, b.Subaccount);
            var computedAccount = new Account(c.Owner, c.Subaccount);
            if (bridgeAccount != computedAccount) Fail(FactKinds.EpochLines, at, $"the bridge pays account {bridgeAccount}, recomputed {computedAccount}");
            if (b.Amount != c.Amount) Fail(FactKinds.EpochLines, at, $"the bridge's amount is {b.Amount}, recomputed {c.Amount}");
            if (!b.LineHash.AsSpan().SequenceEqual(c.LineHash)) Fail(FactKinds.EpochLines, at, $"the bridge's line_hash is {Hex(b.LineHash)}, recomputed {Hex(c.LineHash)}");
        }
        if (epoch.Lines.Count != computed.Lines.Count)
            Fail(FactKinds.EpochLines, $"{where} line {n}", $"the bridge has {epoch.Lines.Count} lines, recomputed {computed.Lines.Count}");
    }

    private static void CompareIneligible(BridgeEpoch epoch, List<RewardReceipt> receipts, EpochRewards computed, string where)
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < receipts.Count; i++)
            if (computed.Receipts[i].Reason is { } reason) expected.Add($"{receipts[i].Provider}/{receipts[i].ReceiptId}: {reason}");
        var given = new SortedSet<string>(epoch.Ineligible.Select(x => $"{x.Provider}/{x.ReceiptId}: {x.Reason}"), StringComparer.Ordinal);
        if (expected.Except(given).FirstOrDefault() is { } missing) Fail(FactKinds.EpochLines, $"{where} ineligible", $"the bridge does not list {missing}");
        if (given.Except(expected).FirstOrDefault() is { } extra) Fail(FactKinds.EpochLines, $"{where} ineligible", $"the bridge lists {extra}, recomputed otherwise");
    }

    /// <summary>The distribution root and total: recomputed = the bridge's = the canister's <c>get_epoch</c> (once posted).</summary>
    private async Task CompareDistributionAsync(BridgeEpoch epoch, EpochRewards computed, string where, CancellationToken ct)
    {
        if (epoch.DistributionRoot is not { } root || !root.AsSpan().SequenceEqual(computed.DistributionRoot))
            Fail(FactKinds.DistributionRoot, where, $"the bridge's distribution_root is {(epoch.DistributionRoot is null ? "missing" : Hex(epoch.DistributionRoot))}, recomputed {Hex(computed.DistributionRoot)}");
        if (epoch.TotalPayout != computed.Total) Fail(FactKinds.DistributionRoot, where, $"the bridge's total_payout is {epoch.TotalPayout}, recomputed {computed.Total}");
        if (epoch.Token is { } token && token != _info!.RewardLedger) Fail(FactKinds.DistributionRoot, where, $"the bridge's token is {token}, the reward ledger is {_info.RewardLedger}");
        var header = await _rollup.GetEpochAsync(epoch.Epoch, ct).ConfigureAwait(false);
        if (header is null)
        {
            if (epoch.State is "posted" or "paid") Fail(FactKinds.DistributionRoot, where, $"is {epoch.State}, but the rollup canister has no such epoch");
            return;
        }
        if (!header.DistributionRoot.AsSpan().SequenceEqual(computed.DistributionRoot))
            Fail(FactKinds.DistributionRoot, where, $"the canister's distribution_root is {Hex(header.DistributionRoot)}, recomputed {Hex(computed.DistributionRoot)}");
        if ((BigInteger)header.TotalPayout != computed.Total) Fail(FactKinds.DistributionRoot, where, $"the canister's total_payout is {header.TotalPayout}, recomputed {computed.Total}");
        if (header.FirstBatch != epoch.FirstBatch || header.LastBatch != epoch.LastBatch)
            Fail(FactKinds.DistributionRoot, where, $"the canister covers batches {header.FirstBatch}..{header.LastBatch}, the bridge {epoch.FirstBatch}..{epoch.LastBatch}");
        if (header.Token != _info!.RewardLedger) Fail(FactKinds.DistributionRoot, where, $"the canister's token is {header.Token}, the reward ledger is {_info.RewardLedger}");
    }
}
