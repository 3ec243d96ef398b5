using System.Text.Json.Nodes;
using Bridge.Core.Protocol;
using Bridge.Core.Rewards;
using Bridge.Service.Ic.Rollup;
using Bridge.Service.Store;
using Icp.Candid;
using Icp.Ledger;
using Icp.Replica;

namespace Bridge.Service.Tests;

/// <summary>
/// One settled epoch holding a receipt for every way to earn nothing (section 6), and one that pays: settled once its
/// batches are final or rejected and the poster's cuts passed its end, posted to the canister, shown by the API.
/// </summary>
public sealed class IneligibleEpochFixture : IAsyncLifetime
{
    internal SettlementWorld World { get; private set; } = null!;
    public JsonObject Epoch { get; private set; } = null!;
    public EpochHeader? OnChain { get; private set; }
    public StoredEpoch Stored { get; private set; } = null!;
    public Principal Requester { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        World = await SettlementWorld.StartAsync(run: false, TimeSpan.FromSeconds(4));
        // The second rewarded token (rate 1/1,000,000) needs the canister ids: restart with the tokens configured.
        World.Settings["Rewards:Tokens:0:Ledger"] = World.Dev.LedgerId.ToString();
        World.Settings["Rewards:Tokens:1:Ledger"] = World.Dev.RollupId.ToString();
        World.Settings["Rewards:Tokens:1:Num"] = "1";
        World.Settings["Rewards:Tokens:1:Den"] = "1000000";
        await World.RestartAsync();

        var (r1, mint) = await World.NewRequesterAsync();
        var (r2, _) = await World.NewRequesterAsync();
        Requester = r1.Principal;

        // Batch 1, rejected by a claim: a self-dealing receipt (the intake refuses those, so it goes to the store directly) and a paid one.
        var selfDealing = World.Receipt("self-dealing", r1, 150_000, null) with { Requester = World.Owner };
        await World.Bridge.Store.AddReceiptsAsync([new StoredReceipt(0, selfDealing, BridgeHashes.ReceiptHash(selfDealing), SettlementWorld.NowNs)]);
        await World.SubmitAsync(World.Receipt("rejected-paid", r1, 150_000, await World.PayAsync(r1, "rejected-paid", 150_000)));
        await World.Poster.CutAsync(SettlementWorld.NowNs + 1, CancellationToken.None);
        await World.Poster.PostAsync(CancellationToken.None);
        var proof = await Conformance.ReadObjectAsync(await World.Bridge.Http.GetAsync($"/v1/receipts/{SettlementWorld.NodeKey.Principal}/self-dealing"));
        var claim = await new RollupClient(World.Dev.Replica.AsTransport(r2.Principal), World.Dev.RollupId).SubmitClaimAsync(new Claim.SelfDealing(new ReceiptInBatch
        {
            Batch = 1,
            Proof = new InclusionProof
            {
                Leaf = Convert.FromHexString((string)proof["leaf"]!), LeafIndex = ulong.Parse((string)proof["leaf_index"]!),
                Path = proof["proof"]!.AsArray().Select(p => Convert.FromHexString((string)p!)).ToArray(),
            },
        }));
        Assert.IsType<ClaimResult.Ok>(claim);

        // Batch 2, final.
        ulong paid = await World.PayAsync(r1, "paid", 150_000);
        await World.SubmitAsync(World.Receipt("paid", r1, 150_000, paid));
        await World.SubmitAsync(World.Receipt("missing-block", r1, 150_000, 1_000_000));
        await World.SubmitAsync(World.Receipt("mint-block", r1, 150_000, mint));
        await World.SubmitAsync(World.Receipt("other-payer", r1, 150_000, await World.PayAsync(r2, "other-payer", 150_000)));
        await World.SubmitAsync(World.Receipt("elsewhere", r1, 150_000, await World.PayAsync(r1, "elsewhere", 150_000, Icp.Ledger.Account.Of(r2.Principal))));
        await World.SubmitAsync(World.Receipt("less", r1, 150_000, await World.PayAsync(r1, "less", 149_999)));
        await World.SubmitAsync(World.Receipt("cites-other", r1, 150_000, paid));
        await World.SubmitAsync(World.Receipt("no-block", r1, 150_000, null));
        await World.SubmitAsync(World.Receipt("unsigned", r1, 150_000, await World.PayAsync(r1, "unsigned", 150_000), countersign: false));
        await World.SubmitAsync(World.Receipt("other-token", r1, 150_000, 1, feeToken: Principal.Parse("aaaaa-aa")));
        await World.SubmitAsync(World.Receipt("rounds-to-zero", r1, 5, 1, feeToken: World.Dev.RollupId));
        await World.Poster.CutAsync(SettlementWorld.NowNs + 1, CancellationToken.None);
        await World.Poster.PostAsync(CancellationToken.None);
        await World.FinishAsync();
        Assert.Equal(BatchState.Rejected, (await World.Bridge.Store.GetBatchAsync(1))!.State);
        Assert.Equal(BatchState.Final, (await World.Bridge.Store.GetBatchAsync(2))!.State);

        // Not due while the poster's last cut is inside the epoch; due once it passed the end.
        await World.Settler.RunOnceAsync(CancellationToken.None);
        Assert.Null(await World.Bridge.Store.GetLastEpochAsync());
        await World.CloseEpochAsync(1);
        await World.Settler.RunOnceAsync(CancellationToken.None);
        Stored = (await World.Bridge.Store.GetEpochAsync(1))!;
        Epoch = await World.EpochAsync(1);
        OnChain = await new RollupClient(World.Dev.Replica.AsTransport(), World.Dev.RollupId).GetEpochAsync(1);
    }

    public async Task DisposeAsync() => await World.DisposeAsync();

    public string? ReasonOf(string receiptId) =>
        Epoch["ineligible"]!.AsArray().Where(i => (string)i!["receipt_id"]! == receiptId).Select(i => (string?)i!["reason"]).SingleOrDefault();
}

public sealed class SettlerIneligibleTests(IneligibleEpochFixture epoch) : IClassFixture<IneligibleEpochFixture>
{
    [Fact]
    public void The_epoch_is_settled_over_both_batches_and_posted_with_the_stored_header()
    {
        Assert.Equal("posted", (string?)epoch.Epoch["state"]);
        Assert.Equal(("1", "2"), ((string?)epoch.Epoch["first_batch"], (string?)epoch.Epoch["last_batch"]));
        Assert.NotNull(epoch.OnChain);
        Assert.Equal(epoch.Stored.DistributionRoot, epoch.OnChain!.DistributionRoot);
        Assert.Equal(Convert.ToHexStringLower(epoch.Stored.DistributionRoot), (string?)epoch.Epoch["distribution_root"]);
        Assert.Equal(epoch.Stored.TotalPayout.ToString(), epoch.OnChain.TotalPayout.ToString());
        Assert.Equal(epoch.World.Dev.LedgerId, epoch.OnChain.Token);
        Assert.Equal((1UL, 2UL), (epoch.OnChain.FirstBatch, epoch.OnChain.LastBatch));
    }

    [Fact]
    public void The_receipt_that_paid_its_own_fee_earns_and_its_requester_has_a_pending_line()
    {
        Assert.Null(epoch.ReasonOf("paid"));
        var lines = epoch.Epoch["lines"]!.AsArray();
        var line = lines.Single(l => (string)l!["owner"]! == epoch.Requester.ToString());
        Assert.Equal("pending", (string?)line!["status"]);
        Assert.Equal("150000", (string?)line["amount"]); // period 1: the requester gets the whole fee back, the provider nothing
        Assert.Equal(12, epoch.Epoch["ineligible"]!.AsArray().Count);
    }

    [Fact]
    public void A_fee_block_past_the_ledgers_log_is_fee_not_paid() => Assert.Equal(IneligibleReasons.FeeNotPaid, epoch.ReasonOf("missing-block"));

    [Fact]
    public void A_fee_block_that_is_no_transfer_is_fee_not_paid() => Assert.Equal(IneligibleReasons.FeeNotPaid, epoch.ReasonOf("mint-block"));

    [Fact]
    public void A_fee_paid_from_another_account_is_fee_not_paid() => Assert.Equal(IneligibleReasons.FeeNotPaid, epoch.ReasonOf("other-payer"));

    [Fact]
    public void A_fee_paid_elsewhere_than_the_fee_account_is_fee_not_paid() => Assert.Equal(IneligibleReasons.FeeNotPaid, epoch.ReasonOf("elsewhere"));

    [Fact]
    public void A_fee_paid_short_is_fee_not_paid() => Assert.Equal(IneligibleReasons.FeeNotPaid, epoch.ReasonOf("less"));

    [Fact]
    public void Citing_another_receipts_payment_gains_nothing_and_blocks_nobody()
    {
        Assert.Equal(IneligibleReasons.FeeNotPaid, epoch.ReasonOf("cites-other"));
        Assert.Null(epoch.ReasonOf("paid"));
    }

    [Fact]
    public void A_receipt_without_fee_block_is_no_fee_block() => Assert.Equal(IneligibleReasons.NoFeeBlock, epoch.ReasonOf("no-block"));

    [Fact]
    public void Receipts_of_a_rejected_batch_are_batch_rejected_even_when_paid()
    {
        Assert.Equal(IneligibleReasons.BatchRejected, epoch.ReasonOf("self-dealing"));
        Assert.Equal(IneligibleReasons.BatchRejected, epoch.ReasonOf("rejected-paid"));
    }

    [Fact]
    public void A_receipt_without_countersignature_is_not_countersigned_even_when_paid() =>
        Assert.Equal(IneligibleReasons.NotCountersigned, epoch.ReasonOf("unsigned"));

    [Fact]
    public void A_fee_in_a_token_not_rewarded_is_token_not_rewarded() => Assert.Equal(IneligibleReasons.TokenNotRewarded, epoch.ReasonOf("other-token"));

    [Fact]
    public void A_fee_worth_nothing_at_its_rate_is_fee_rounds_to_zero() => Assert.Equal(IneligibleReasons.FeeRoundsToZero, epoch.ReasonOf("rounds-to-zero"));
}
