using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Bridge.Core.Leaves;
using Bridge.Core.Merkle;
using Bridge.Core.Payouts;
using Bridge.Core.Protocol;
using Bridge.Core.Rewards;
using Bridge.Service.Dev;
using Bridge.Service.Ic.Rollup;
using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Icrc3;
using Account = Icp.Ledger.Account;
using Icp.Replica;

namespace Bridge.Service.Tests;

/// <summary>
/// The whole flow with every worker running on short intervals: requesters pay fees on the ledger and countersign,
/// receipts are batched, posted and final, epochs settle, post and are paid across several decay periods; each
/// epoch's distribution root on the canister is recomputed by anyone from the served leaves and the ledger's blocks,
/// and the reward ledger's own ICRC-3 blocks and balances show every recomputed line paid exactly once.
/// </summary>
public sealed class SettlerEndToEndTests
{
    private const int Epochs = 6; // with K = 1: periods 1, 2, 3, 4 and 5 (epochs 5 and 6)

    /// <summary>
    /// A world whose genesis is far enough ahead of its start that receipts can still reach epochs 1 to 4 (batches cut
    /// before genesis belong to epoch 1). 25 s is plenty on a quiet machine; a loaded one has taken minutes to start
    /// the replica and the bridge, so a world that started too late is replaced by one with twice that start time
    /// added to its lead (the scene is about settlement, not about how fast a machine starts).
    /// </summary>
    private static async Task<SettlementWorld> StartAheadOfEpoch3Async()
    {
        var lead = TimeSpan.FromSeconds(25);
        for (int attempt = 1; ; attempt++)
        {
            var started = DateTimeOffset.UtcNow;
            var world = await SettlementWorld.StartAsync(run: true, TimeSpan.FromSeconds(1), new Dictionary<string, string>
            {
                ["Bridge:Genesis"] = started.Add(lead).ToString("O", CultureInfo.InvariantCulture),
                ["Bridge:EpochLength"] = "00:00:04",
                ["Rewards:FirstPeriodEpochs"] = "1",
                ["Rewards:EmissionPerEpoch"] = "1000", // small, so the marketplace budget binds
            });
            if (world.EpochEndNs(3) > SettlementWorld.NowNs) return world;
            var took = DateTimeOffset.UtcNow - started;
            await world.DisposeAsync();
            Assert.True(attempt < 3, $"the scene started after epoch 3 ended three times (the last start took {took.TotalSeconds:F0} s)");
            lead = TimeSpan.FromSeconds(25) + 2 * took;
        }
    }

    [Fact]
    public async Task Epochs_settle_and_are_paid_across_decay_periods_and_the_ledger_shows_each_recomputed_line_paid_once()
    {
        await using var world = await StartAheadOfEpoch3Async();
        var (r1, _) = await world.NewRequesterAsync();
        var (r2, _) = await world.NewRequesterAsync();
        var rollup = new RollupClient(world.Dev.Replica.AsTransport(), world.Dev.RollupId);
        int n = 0;
        var feesPaid = new Dictionary<Principal, BigInteger> { [r1.Principal] = 0, [r2.Principal] = 0 };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        // The payout worker pays epochs in order, so the last one paid means every one is.
        while ((await world.Bridge.Store.GetEpochAsync(Epochs))?.State != "paid")
        {
            Assert.True(DateTime.UtcNow < deadline, $"epoch {Epochs} was not paid in time");
            if (world.EpochEndNs(4) > SettlementWorld.NowNs + 1_000_000_000) // epoch 6 stays empty
            {
                foreach (var key in new[] { r1, r2 })
                {
                    string id = $"e2e-{n++}";
                    ulong fee = 150_000 + (ulong)n;
                    await world.SubmitAsync(world.Receipt(id, key, fee, await world.PayAsync(key, id, fee), gpuSeconds: 10 + (ulong)n));
                    feesPaid[key.Principal] += fee;
                }
            }
            await Task.Delay(500);
        }

        var ledger = new IcrcLedger(world.Dev.Replica.AsTransport(), world.Dev.LedgerId);
        BigInteger ledgerFee = (await ledger.FeeAsync()).Units.Value;
        bool scaled = false, compute = false;
        var paidLines = new List<(ulong Epoch, RewardLine Line, BigInteger Block)>();
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
            Assert.Equal("paid", (string?)served["state"]);
            var servedLines = served["lines"]!.AsArray();
            Assert.Equal(expected.Lines.Count, servedLines.Count);
            for (int i = 0; i < expected.Lines.Count; i++)
            {
                Assert.Equal("paid", (string?)servedLines[i]!["status"]);
                Assert.Equal(Convert.ToHexStringLower(expected.Lines[i].LineHash), (string?)servedLines[i]!["line_hash"]);
                paidLines.Add((e, expected.Lines[i], BigInteger.Parse((string)servedLines[i]!["block_index"]!, CultureInfo.InvariantCulture)));
            }
            if (e == Epochs)
            {
                Assert.Equal(onChain.FirstBatch - 1, onChain.LastBatch); // empty, settled and posted all the same
                Assert.Equal(MerkleTree.RootOf([]), onChain.DistributionRoot);
            }
        }
        Assert.True(scaled, "no epoch scaled to its marketplace budget");
        Assert.True(compute, "no epoch paid compute rewards");
        Assert.True(n > 0);

        // The ledger's own log: one block per recomputed line (from the payout account, to the line's account, its
        // amount, memo = line_hash) at the block the bridge serves, and no other transfer out of the payout account.
        var payoutAccount = Account.Of(world.Dev.Payout);
        var outOfPayout = new List<Block>();
        await foreach (var block in ledger.GetBlocksAsync())
            if (SpendsFrom(block.Value, payoutAccount)) outOfPayout.Add(block);
        foreach (var (epoch, line, index) in paidLines)
        {
            var paying = Assert.Single(outOfPayout, b => PayoutPlan.Pays(b.Value, line, payoutAccount));
            Assert.True(index == paying.Index.Value, $"epoch {epoch}: the bridge names block {index}, the ledger pays the line at {paying.Index}");
        }
        Assert.Equal(paidLines.Count, outOfPayout.Count);

        // Balances: the node's owner holds its lines; each requester its funds less its fees (and transfer fees) plus its lines;
        // the payout account its start plus every fee less every line and its transfer fee.
        BigInteger LinesTo(Principal owner) => paidLines.Where(p => p.Line.Owner == owner && p.Line.Subaccount is null).Aggregate(BigInteger.Zero, (a, p) => a + p.Line.Amount);
        async Task<BigInteger> BalanceAsync(Account account) => (await ledger.BalanceOfAsync(account)).Units.Value;
        Assert.True(LinesTo(world.Owner) > 0);
        Assert.Equal(LinesTo(world.Owner), await BalanceAsync(Account.Of(world.Owner)));
        int payments = n / 2;
        foreach (var (requester, fees) in feesPaid)
            Assert.Equal(100_000_000 - fees - payments * ledgerFee + LinesTo(requester), await BalanceAsync(Account.Of(requester)));
        BigInteger paidOut = paidLines.Aggregate(BigInteger.Zero, (a, p) => a + p.Line.Amount + ledgerFee);
        Assert.Equal((BigInteger)DevEnvironment.InitialPayoutBalance.Value + feesPaid.Values.Aggregate(BigInteger.Zero, (a, f) => a + f) - paidOut,
            await BalanceAsync(payoutAccount));
    }

    /// <summary>True when the ICRC-3 block moves tokens out of <paramref name="account"/> (a transfer or burn with tx.from = it).</summary>
    private static bool SpendsFrom(Value block, Account account) =>
        block is Value.Map { Value: var fields } && fields.FirstOrDefault(f => f.Item1 == "tx")?.Item2 is Value.Map { Value: var tx }
        && tx.FirstOrDefault(f => f.Item1 == "from")?.Item2 is Value.Array { Value: [Value.Blob { Value: var owner }, ..] rest }
        && Principal.FromBytes(owner) == account.Owner
        && (rest.Length == 1 ? account.Subaccount is null : rest[1] is Value.Blob { Value: var sub } && new Account(account.Owner, sub) == account);
}
