using System.Numerics;
using Bridge.Client.Http;
using Bridge.Client.Models;
using Bridge.Core.Leaves;
using Bridge.Core.Merkle;
using Bridge.CrashTests.World;
using Bridge.Service.Dev;
using Bridge.Service.Ic.Rollup;
using Icp.Agent.Identities;
using Icp.Ledger;
using Account = Icp.Ledger.Account;
using Icrc3Transfer = Bridge.Core.Rewards.Icrc3Transfer;

namespace Bridge.CrashTests.Checks;

/// <summary>
/// What must hold once everything settled and paid, read from the bridge's API, the rollup canister and the reward
/// ledger's own ICRC-3 blocks: every acknowledged receipt in exactly one batch; every batch on the canister exactly
/// once and equal to the bridge's header (its root rebuilt from the leaves); the canister's epochs equal to the
/// bridge's; every payout line paid by exactly one block (memo = line_hash, to, amount), no block from the payout
/// account without its line, and the balances that follow.
/// </summary>
internal static class EndChecks
{
    /// <param name="quiet">What the quiet period ended with: the batch count and the first epoch, all paid up to it, that covers them.</param>
    public static async Task<string> RunAsync(CrashWorld world, Uri bridgeUrl, ReceiptDriver driver, (ulong Batches, ulong Epoch) quiet)
    {
        using var http = new HttpClient { BaseAddress = bridgeUrl, Timeout = TimeSpan.FromSeconds(60) };
        var bridge = new BridgeClient(http);
        var rollup = new RollupClient(world.Agent(AnonymousIdentity.Instance), world.RollupId);

        // The canister first: whatever the bridge still does afterwards, the bridge has (at least) what the canister has.
        ulong canisterBatches = (await rollup.LastBatchAsync())?.Header.Sequence ?? 0UL;
        ulong canisterEpochs = (await rollup.LastEpochAsync())?.Epoch ?? 0UL;
        var batches = await Paging.AllAsync((from, limit) => bridge.GetBatchesAsync(from, limit));
        Assert.Equal(quiet.Batches, (ulong)batches.Count);
        Assert.Equal(quiet.Batches, canisterBatches);
        var batched = new Dictionary<(string, string), (ulong Batch, byte[] Hash)>();
        ulong expected = 1;
        byte[] previousRoot = new byte[32];
        foreach (var batch in batches)
        {
            Assert.Equal(expected++, batch.Sequence);
            Assert.Equal(BridgeBatchStatus.Final, batch.Status);
            Assert.Equal(previousRoot, batch.PreviousRoot);
            previousRoot = batch.Root;
            var leaves = await bridge.GetBatchLeavesAsync(batch.Sequence) ?? throw new InvalidOperationException($"batch {batch.Sequence} has no leaves");
            Assert.Equal(batch.ReceiptCount, (ulong)leaves.Count);
            Assert.Equal(batch.Root, leaves.Count == 0 ? MerkleTree.EmptyRoot : MerkleTree.FromLeaves(leaves).Root);
            foreach (var bytes in leaves)
            {
                var leaf = ReceiptLeafCodec.Decode(bytes);
                var key = (leaf.Provider.ToString(), leaf.ReceiptId);
                Assert.True(batched.TryAdd(key, (batch.Sequence, leaf.ReceiptHash)),
                    $"receipt {key} is in batch {batched.GetValueOrDefault(key).Batch} and again in batch {batch.Sequence}");
            }

            var onCanister = await rollup.GetBatchAsync(batch.Sequence) ?? throw new Xunit.Sdk.XunitException($"batch {batch.Sequence} is not on the canister");
            var h = onCanister.Header;
            Assert.Equal(batch.Sequence, h.Sequence);
            Assert.Equal(batch.PreviousRoot, h.PreviousRoot);
            Assert.Equal(batch.Root, h.Root);
            Assert.Equal(batch.ReceiptCount, h.ReceiptCount);
            Assert.Equal(batch.TotalFees, (BigInteger)h.TotalFees);
            Assert.Equal(batch.TotalGpuSeconds, (BigInteger)h.TotalGpuSeconds);
            Assert.Equal(batch.WindowStartNs, h.WindowStartNs);
            Assert.Equal(batch.WindowEndNs, h.WindowEndNs);
        }
        Assert.Null(await rollup.GetBatchAsync((ulong)batches.Count + 1));

        foreach (var (key, hash) in driver.Acknowledged)
        {
            Assert.True(batched.TryGetValue(key, out var at), $"acknowledged receipt {key} is in no batch");
            Assert.Equal(hash, at.Hash);
        }

        // Epochs 1..quiet.Epoch are paid and hold every receipt; later ones the canister has are empty (no receipts came).
        Assert.True(canisterEpochs >= quiet.Epoch, $"the canister has {canisterEpochs} epochs, the bridge paid {quiet.Epoch}");
        var lines = new List<RewardLine>();
        ulong nextBatch = 1;
        for (ulong e = 1; e <= canisterEpochs; e++)
        {
            var epoch = await bridge.GetEpochAsync(e) ?? throw new InvalidOperationException($"epoch {e} is missing on the bridge");
            if (e <= quiet.Epoch) Assert.Equal("paid", epoch.State);
            else Assert.Empty(epoch.Lines);
            var onCanister = await rollup.GetEpochAsync(epoch.Epoch) ?? throw new Xunit.Sdk.XunitException($"epoch {epoch.Epoch} is not on the canister");
            Assert.Equal(epoch.FirstBatch, onCanister.FirstBatch);
            Assert.Equal(nextBatch, onCanister.FirstBatch);
            Assert.Equal(epoch.LastBatch, onCanister.LastBatch);
            nextBatch = onCanister.LastBatch + 1;
            Assert.Equal(epoch.DistributionRoot, onCanister.DistributionRoot);
            Assert.Equal(epoch.TotalPayout, (BigInteger)onCanister.TotalPayout);
            Assert.Equal(epoch.Token, onCanister.Token);
            Assert.Equal(epoch.TotalPayout, epoch.Lines.Aggregate(BigInteger.Zero, (s, l) => s + l.Amount));
            lines.AddRange(epoch.Lines);
        }
        Assert.True(nextBatch - 1 == (ulong)batches.Count, $"the epochs cover batches up to {nextBatch - 1} of {batches.Count}");

        var payout = world.PayoutAccount;
        var ledger = world.Ledger(AnonymousIdentity.Instance);
        var paidBy = new Dictionary<RewardLine, ulong>(ReferenceEqualityComparer.Instance);
        int blocks = 0, payoutBlocks = 0;
        BigInteger fees = 0;
        await foreach (var block in ledger.GetBlocksAsync())
        {
            blocks++;
            if (Icrc3Transfer.Read(block.Value) is not { } transfer || transfer.From != payout) continue;
            payoutBlocks++;
            // A payout transfer: memo = line_hash, to = the line's account, amount = the line's amount.
            var paying = lines.Where(l => transfer.HasMemo(l.LineHash) && transfer.Amount == l.Amount && transfer.To == new Account(l.Owner, l.Subaccount)).ToList();
            Assert.True(paying.Count == 1, $"block {block.Index} from the payout account pays {paying.Count} lines");
            Assert.True(paidBy.TryAdd(paying[0], (ulong)block.Index), $"line {Convert.ToHexStringLower(paying[0].LineHash)} is paid twice (blocks {paidBy.GetValueOrDefault(paying[0])} and {block.Index})");
            fees += BridgeCanisters.TransferFee;
        }
        foreach (var line in lines)
        {
            Assert.Equal("paid", line.Status);
            Assert.True(paidBy.TryGetValue(line, out ulong index), $"line {Convert.ToHexStringLower(line.LineHash)} has no block");
            Assert.Equal(index, line.BlockIndex);
        }
        // Rewards go to node owners (who receive nothing else) and to requesters (who were minted funds and paid fees).
        var rewarded = lines.GroupBy(l => new Account(l.Owner, l.Subaccount)).ToDictionary(g => g.Key, g => g.Aggregate(BigInteger.Zero, (s, l) => s + l.Amount));
        foreach (var owner in world.Owners.Select(o => Account.Of(o.Principal)))
            Assert.Equal(rewarded.GetValueOrDefault(owner), (BigInteger)(await ledger.BalanceOfAsync(owner)).Units);
        foreach (var requester in world.Requesters)
        {
            var account = Account.Of(requester.Principal);
            Assert.Equal((BigInteger)CrashWorld.RequesterFunds - driver.SpentBy(requester.Principal) + rewarded.GetValueOrDefault(account),
                (BigInteger)(await ledger.BalanceOfAsync(account)).Units);
        }
        Assert.True(rewarded.Keys.All(k => world.Owners.Any(o => Account.Of(o.Principal) == k) || world.Requesters.Any(r => Account.Of(r.Principal) == k)),
            "a line pays an account that is neither a node owner nor a requester");
        var paidOut = lines.Aggregate(BigInteger.Zero, (s, l) => s + l.Amount);
        Assert.Equal((BigInteger)CrashWorld.InitialPayoutBalance + driver.FeesPaid - paidOut - fees, (BigInteger)(await ledger.BalanceOfAsync(payout)).Units);

        return $"{driver.Acknowledged.Count} acknowledged receipts in {batched.Count} leaves of {batches.Count} batches, all on the canister; " +
            $"{canisterEpochs} epochs equal on the canister; {lines.Count} lines paid by {payoutBlocks} payout blocks of {blocks} ledger blocks";
    }
}
