using Bridge.Core.Payouts;
using Bridge.Verify.Verification;
using Icp.Ledger;
using Icp.Replica;

namespace Bridge.Verify.Tests;

/// <summary>
/// The verifier against a real <c>--dev</c> bridge that settled, posted and paid epoch 1 itself (a
/// <see cref="SettledBridge"/> of this class alone, since the payout made here stays on its ledger): the honest bridge
/// passes, and one more transfer from the payout account with a line's memo, behind the bridge's back, fails on that line.
/// </summary>
public sealed class DoublePayoutTests(SettledBridge bridge) : IClassFixture<SettledBridge>
{
    [Fact]
    public async Task An_honest_bridge_passes_and_a_double_payout_behind_its_back_fails_on_the_paid_line()
    {
        var verifier = bridge.Verifier(bridge.Copy());
        await verifier.RunAsync();
        var s = verifier.Summary;
        Assert.True(s.Batches >= 2);
        Assert.Equal(6, s.Leaves);
        // Epochs after the first settle on their own (empty) while the test runs.
        Assert.True(s.Epochs >= 1);
        Assert.Equal((ulong)s.Epochs + 1, s.FirstOpenEpoch);
        Assert.Equal(bridge.Rewards.Lines.Count, s.Lines);
        Assert.Equal(bridge.Rewards.Lines.Count, s.PaidLines);
        Assert.NotNull(s.CertifiedBatch);
        Assert.True(verifier.Position.NextEpoch >= 2);
        // The payout account came from /v1/info (no --payout-account was given): the payout key's default account.
        Assert.Equal(Account.Of(bridge.Environment.Payout), bridge.Info.PayoutAccount);
        Assert.Equal(bridge.Info.PayoutAccount!.ToString(), verifier.Position.PayoutAccount);

        // The payout account pays line 0 a second time, with its memo, behind the bridge's back.
        var env = bridge.Environment;
        var line = bridge.Rewards.Lines[0];
        var payout = new IcrcLedger(env.Replica.AsTransport(env.Payout), bridge.Info.RewardLedger);
        Assert.IsType<Icp.Ledger.Icrc1.Icrc1TransferResult.Ok>(await payout.Icrc1.TransferAsync(PayoutPlan.Transfer(line, env.Replica.TimeNanos + 1, 10_000UL)));

        var fact = (await Assert.ThrowsAsync<BrokenFactException>(() => bridge.Verifier(bridge.Copy()).RunAsync())).Fact;
        Assert.Equal(FactKinds.Payout, fact.Check);
        Assert.StartsWith("epoch 1 line 0 ", fact.Where);
        Assert.Contains("paid twice", fact.What);
    }
}
