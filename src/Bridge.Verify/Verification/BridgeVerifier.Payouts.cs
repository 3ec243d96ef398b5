using Icp.Ledger;
using Icp.Ledger.Icrc3;

namespace Bridge.Verify.Verification;

public sealed partial class BridgeVerifier
{
    private IcrcLedger RewardLedger => new(_agent, _info!.RewardLedger);

    /// <summary>The reward ledger's log length now (ICRC-3 <c>log_length</c>).</summary>
    private async Task<ulong> LedgerTipAsync(CancellationToken ct)
    {
        var result = await RewardLedger.Icrc3.GetBlocksAsync([new GetBlocksArgsItem { Start = 0UL, Length = 0UL }], ct).ConfigureAwait(false);
        return (ulong)result.LogLength;
    }

    /// <summary>
    /// Section 7: every block up to <paramref name="ledgerTip"/> that moves tokens out of the payout account carries the
    /// line_hash of a line; every paid line has exactly one such block, the one the bridge names, paying the line's
    /// account the line's amount; an unpaid line has none (or the one a payout not yet recorded made).
    /// </summary>
    private async Task VerifyPayoutsAsync(List<CheckedEpoch> epochs, ulong ledgerTip, CancellationToken ct)
    {
        var lines = new Dictionary<string, CheckedLine>(Position.Lines, StringComparer.Ordinal);
        foreach (var (bridge, _) in epochs)
            for (int i = 0; i < bridge.Lines.Count; i++)
            {
                var l = bridge.Lines[i];
                lines[Hex(l.LineHash)] = new CheckedLine(bridge.Epoch, i, new Account(l.Owner, l.Subaccount).ToString(), l.Amount.ToString(), l.Status, l.BlockIndex);
            }

        // An explicit account wins; then the one the bridge shows in /v1/info; then the one a previous run found.
        var payout = _settings.PayoutAccount ?? _info!.PayoutAccount ?? (Position.PayoutAccount is { } text ? Account.Parse(text) : null);
        var blocks = new Dictionary<ulong, LedgerTransfer?>();
        if (payout is null && lines.Values.FirstOrDefault(l => l.Status == "paid" && l.BlockIndex is not null) is { } firstPaid)
        {
            var transfer = await ReadTransferAsync(firstPaid.BlockIndex!.Value, blocks, ct).ConfigureAwait(false);
            payout = transfer?.From;
            if (payout is null) Fail(FactKinds.Payout, LineWhere(firstPaid), $"is paid by block {firstPaid.BlockIndex}, which is no transfer");
        }
        if (payout is null)
        {
            Summary.Notes.Add("no line is paid yet, no --payout-account was given and /v1/info shows none: the payout account's blocks were not read");
            return;
        }
        Position.PayoutAccount = payout.ToString();

        if (Position.LedgerNextBlock < ledgerTip)
        {
            ulong start = Position.LedgerNextBlock;
            await foreach (var block in RewardLedger.GetBlocksAsync(start, ledgerTip - start, _settings.LedgerPageSize, ct).ConfigureAwait(false))
            {
                ulong index = (ulong)block.Index;
                var transfer = LedgerTransfer.Read(block.Value);
                Summary.LedgerBlocks++;
                if (transfer is { MovesTokensOut: true } && transfer.From == payout)
                {
                    blocks[index] = transfer;
                    string memo = transfer.Memo is { } m ? Hex(m) : "";
                    if (!Position.PayoutBlocks.TryGetValue(memo, out var list)) Position.PayoutBlocks[memo] = list = [];
                    if (!list.Contains(index)) list.Add(index);
                }
                _progress.Report(() => $"ledger: block {index} of {ledgerTip}");
            }
            Position.LedgerNextBlock = ledgerTip;
        }

        foreach (var (memo, indexes) in Position.PayoutBlocks)
            if (memo.Length == 0 || !lines.ContainsKey(memo))
                Fail(FactKinds.Payout, $"ledger block {indexes[0]}",
                    $"moves tokens out of the payout account {payout} with {(memo.Length == 0 ? "no memo" : "memo " + memo)}, which is no line's line_hash");

        foreach (var (hash, line) in lines)
        {
            var paidBy = Position.PayoutBlocks.TryGetValue(hash, out var list) ? list : [];
            string where = LineWhere(line);
            if (paidBy.Count > 1)
                Fail(FactKinds.Payout, where, $"is paid by {paidBy.Count} ledger blocks ({string.Join(", ", paidBy)}) carrying its line_hash {hash}: paid twice");
            if (line.Status != "paid")
            {
                if (paidBy.Count == 1) Summary.Notes.Add($"{where} is {line.Status}, but block {paidBy[0]} pays it (not yet recorded by the bridge)");
                continue;
            }
            if (paidBy.Count == 0)
                Fail(FactKinds.Payout, where, $"is paid (block {line.BlockIndex?.ToString() ?? "none"}), but no block from the payout account carries its line_hash {hash}");
            if (line.BlockIndex != paidBy[0])
                Fail(FactKinds.Payout, where, $"the bridge says block {line.BlockIndex?.ToString() ?? "none"} paid it, the ledger's block with its line_hash is {paidBy[0]}");
            var paid = await ReadTransferAsync(paidBy[0], blocks, ct).ConfigureAwait(false);
            if (paid is null || paid.Kind != "xfer") Fail(FactKinds.Payout, where, $"block {paidBy[0]} is no transfer");
            if (paid.To is null || paid.To.ToString() != line.Account)
                Fail(FactKinds.Payout, where, $"block {paidBy[0]} pays {paid.To?.ToString() ?? "no account"}, the line's account is {line.Account}");
            if (paid.Amount.ToString() != line.Amount)
                Fail(FactKinds.Payout, where, $"block {paidBy[0]} pays {paid.Amount}, the line's amount is {line.Amount}");
            Summary.PaidLines++;
        }
        _progress.Say($"payouts: {Summary.PaidLines} paid lines matched to one block each; ledger read to block {Position.LedgerNextBlock}");
    }

    private static string LineWhere(CheckedLine line) => $"epoch {line.Epoch} line {line.Index} ({line.Account})";

    private async Task<LedgerTransfer?> ReadTransferAsync(ulong index, Dictionary<ulong, LedgerTransfer?> cache, CancellationToken ct)
    {
        if (cache.TryGetValue(index, out var known)) return known;
        LedgerTransfer? transfer = null;
        await foreach (var block in RewardLedger.GetBlocksAsync(index, 1, 1, ct).ConfigureAwait(false)) transfer = LedgerTransfer.Read(block.Value);
        cache[index] = transfer;
        return transfer;
    }
}
