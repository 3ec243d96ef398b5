using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Bridge.Core.Leaves;
using Bridge.Core.Merkle;
using Bridge.Core.Protocol;
using Bridge.Core.Rewards;
using Bridge.Service.Ic.Rollup;
using Icp.Candid;
using Icp.Ledger;
using Icp.Replica;

namespace Bridge.Service.Tests;

/// <summary>
/// The whole flow with every worker running on short intervals: requesters pay fees on the ledger and countersign,
/// receipts are batched, posted and final, epochs settle and post across several decay periods, and each epoch's
/// distribution root on the canister is recomputed by anyone from the served leaves and the ledger's blocks.
/// </summary>
public sealed class SettlerEndToEndTests
{
    private const int Epochs = 6; // with K = 1: periods 1, 2, 3, 4 and 5 (epochs 5 and 6)

    [Fact]
    public async Task Epochs_settle_across_decay_periods_and_their_roots_are_recomputed_from_leaves_and_ledger_blocks()
    {
        await using var world = await SettlementWorld.StartAsync(run: true, TimeSpan.FromSeconds(1), new Dictionary<string, string>
        {
            ["Bridge:Genesis"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["Bridge:EpochLength"] = "00:00:03",
            ["Rewards:FirstPeriodEpochs"] = "1",
            ["Rewards:EmissionPerEpoch"] = "1000", // small, so the marketplace budget binds
        });
        var (r1, _) = await world.NewRequesterAsync();
        var (r2, _) = await world.NewRequesterAsync();
        var rollup = new RollupClient(world.Dev.Replica.AsTransport(), world.Dev.RollupId);
        int n = 0;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((await world.Bridge.Store.GetEpochAsync(Epochs))?.State != "posted") // the bridge's state, set once the canister acknowledged
        {
            Assert.True(DateTime.UtcNow < deadline, $"epoch {Epochs} was not posted in time");
            if (world.EpochEndNs(4) > SettlementWorld.NowNs + 1_000_000_000) // epoch 6 stays empty
            {
                foreach (var key in new[] { r1, r2 })
                {
                    string id = $"e2e-{n++}";
                    await world.SubmitAsync(world.Receipt(id, key, 150_000 + (ulong)n, await world.PayAsync(key, id, 150_000 + (ulong)n), gpuSeconds: 10 + (ulong)n));
                }
            }
            await Task.Delay(500);
        }

        var ledger = new IcrcLedger(world.Dev.Replica.AsTransport(), world.Dev.LedgerId);
        bool scaled = false, compute = false;
        for (ulong e = 1; e <= Epochs; e++)
        {
            var onChain = (await rollup.GetEpochAsync(e))!;
            var receipts = new List<RewardReceipt>();
            for (ulong b = onChain.FirstBatch; b <= onChain.LastBatch; b++)
            {
                var batch = await Conformance.ReadObjectAsync(await world.Bridge.Http.GetAsync($"/v1/batches/{b}"));
                var leaves = (await Conformance.ReadObjectAsync(await world.Bridge.Http.GetAsync($"/v1/batches/{b}/leaves")))["leaves"]!.AsArray();
                foreach (var hex in leaves)
                {
                    var leaf = ReceiptLeafCodec.Decode(Convert.FromHexString((string)hex!));
                    bool paid = false;
                    if (leaf.FeeBlock is { } feeBlock)
                        await foreach (var block in ledger.GetBlocksAsync(feeBlock, 1))
                            paid = FeePayment.Pays(block.Value, new Icp.Ledger.Account(leaf.Requester.Owner, leaf.Requester.Subaccount), world.FeeAccount, leaf.FeeAmount,
                                BridgeHashes.FeeMemo(TestBridge.NetworkId, leaf.Provider, leaf.ReceiptId));
                    receipts.Add(new RewardReceipt
                    {
                        Provider = leaf.Provider, ReceiptId = leaf.ReceiptId, Requester = leaf.Requester.Owner, RequesterSubaccount = leaf.Requester.Subaccount,
                        ProviderOwner = leaf.ProviderOwner, GpuSeconds = leaf.GpuSeconds, FeeToken = leaf.FeeToken, FeeAmount = leaf.FeeAmount,
                        FeeBlock = leaf.FeeBlock is { } f ? (ulong)f : null, FeePaid = paid, BatchRejected = (string?)batch["status"] == "rejected",
                        Countersigned = leaf.RequesterSignature is not null,
                    });
                }
            }
            var expected = RewardEngine.Compute(new EpochRewardInput
            {
                Epoch = e, NetworkId = TestBridge.NetworkId, EmissionPerEpoch = 1000, FirstPeriodEpochs = 1,
                Tokens = [new RewardToken(world.Dev.LedgerId, BigInteger.One, BigInteger.One)], Receipts = receipts,
            });
            Assert.Equal(expected.DistributionRoot, onChain.DistributionRoot);
            Assert.Equal(expected.Total.ToString(), onChain.TotalPayout.ToString());
            Assert.Equal(world.Dev.LedgerId, onChain.Token);
            scaled |= expected.Scaled;
            compute |= expected.Owners.Any(o => o.C > 0);

            var served = await world.EpochAsync((long)e);
            Assert.Equal("posted", (string?)served["state"]);
            Assert.Equal(expected.Lines.Count, served["lines"]!.AsArray().Count);
            Assert.All(served["lines"]!.AsArray(), l => Assert.Equal("pending", (string?)l!["status"]));
            if (e == Epochs)
            {
                Assert.Equal(onChain.FirstBatch - 1, onChain.LastBatch); // empty, settled and posted all the same
                Assert.Equal(MerkleTree.RootOf([]), onChain.DistributionRoot);
            }
        }
        Assert.True(scaled, "no epoch scaled to its marketplace budget");
        Assert.True(compute, "no epoch paid compute rewards");
        Assert.True(n > 0);
    }
}
