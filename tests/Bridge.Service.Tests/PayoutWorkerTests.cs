using System.Net;
using System.Numerics;
using Bridge.Service.Store;
using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Management;
using Icp.Replica;
using static Bridge.Service.Tests.FaultyTransport;

namespace Bridge.Service.Tests;

/// <summary>
/// The payout worker against our ledger on the in-process replica: every line ends paid exactly once (checked on the
/// ledger's own ICRC-3 blocks and balances) or held with the reason the API shows, whatever the ledger answers.
/// </summary>
public sealed class PayoutWorkerTests
{
    [Fact]
    public async Task Posted_epochs_are_paid_in_order_and_each_line_once()
    {
        await using var fx = await PayoutFixture.StartAsync();
        await using var bridge = await fx.StartBridgeAsync();
        var one = await PayoutFixture.AddEpochAsync(bridge.Store, 1, fx.Rewards(1, 1_000_000, 2_000_000, 3_000_000));
        var two = await PayoutFixture.AddEpochAsync(bridge.Store, 2, fx.Rewards(2, 4_000_000, 5_000_000), state: "settled");

        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        var blocks = await fx.AssertPaidOnceAsync(one);
        await Task.Delay(1000);
        Assert.All(await bridge.Store.GetLinesAsync(2), l => Assert.Equal((0UL, "pending"), (l.CreatedAtTimeNs, l.Status)));

        var shown = await PayoutFixture.GetJsonAsync(bridge, "/v1/epochs/1");
        Assert.Equal("paid", (string?)shown["state"]);
        foreach (var line in shown["lines"]!.AsArray())
        {
            Assert.Equal("paid", (string?)line!["status"]);
            Assert.Contains(BigInteger.Parse((string)line["block_index"]!), blocks.Values);
        }

        await bridge.Store.UpdateEpochStateAsync(2, "posted");
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 2, "paid");
        await fx.AssertPaidOnceAsync(two);
    }

    [Fact]
    public async Task A_reply_lost_after_the_transfer_is_answered_Duplicate_on_the_same_bytes_and_paid_once()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var rewards = fx.Rewards(1, 1_000_000, 2_000_000);
        byte[] lost = rewards.Lines[1].LineHash;
        int sends = 0;
        await using var bridge = await fx.StartBridgeAsync(services: PayoutFixture.Inject((arg, seen) =>
        {
            if (!Carries(arg, lost)) return Fault.Pass;
            Interlocked.Increment(ref sends);
            return seen == 0 ? Fault.LoseReply : Fault.Pass;
        }));
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, rewards);
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        var blocks = await fx.AssertPaidOnceAsync(lines);
        Assert.True(Volatile.Read(ref sends) >= 2);   // the lost one, then the same bytes again (Duplicate)
        Assert.Equal(blocks[1], (await bridge.Store.GetLinesAsync(1))[1].BlockIndex);
    }

    [Fact]
    public async Task Near_the_window_end_reconciliation_finds_the_block_behind_a_lost_reply_and_sends_nothing_new()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var rewards = fx.Rewards(1, 1_000_000, 2_000_000);
        byte[] lost = rewards.Lines[0].LineHash;
        int executed = 0;
        var differentBytes = new List<byte[]>();
        await using var bridge = await fx.StartBridgeAsync(new Dictionary<string, string>
        {
            ["Payouts:DedupWindow"] = "00:00:04",
            ["Payouts:WindowMargin"] = "00:00:01",
        }, PayoutFixture.Inject((arg, seen) =>
        {
            if (!Carries(arg, lost)) return Fault.Pass;
            if (seen == 0) lock (differentBytes) differentBytes.Add(arg);
            // The transfer executes once; every reply about it is lost, so only the block log can tell.
            if (Interlocked.Increment(ref executed) == 1) return Fault.LoseReply;
            return Fault.Drop;
        }));
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, rewards);
        var stamped = await PayoutFixture.WaitForLineAsync(bridge.Store, 1, 0, l => l.CreatedAtTimeNs != 0);
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");

        await fx.AssertPaidOnceAsync(lines);
        var paid = (await bridge.Store.GetLinesAsync(1))[0];
        Assert.Equal(stamped.CreatedAtTimeNs, paid.CreatedAtTimeNs);   // never stamped again
        Assert.Single(differentBytes);                                  // one version of the transfer was ever sent
        int sendsAtReconciliation = Volatile.Read(ref executed);
        await Task.Delay(1500);
        Assert.Equal(sendsAtReconciliation, Volatile.Read(ref executed));
    }

    [Fact]
    public async Task A_transfer_that_never_reached_the_ledger_is_sent_with_new_bytes_only_after_the_window_and_a_reconciliation()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var rewards = fx.Rewards(1, 1_000_000);
        byte[] hash = rewards.Lines[0].LineHash;
        byte[]? firstBytes = null;
        await using var bridge = await fx.StartBridgeAsync(new Dictionary<string, string>
        {
            ["Payouts:DedupWindow"] = "00:00:03",
            ["Payouts:WindowMargin"] = "00:00:01",
        }, PayoutFixture.Inject((arg, _) =>
        {
            if (!Carries(arg, hash)) return Fault.Pass;
            firstBytes ??= arg;
            return arg.AsSpan().SequenceEqual(firstBytes) ? Fault.Drop : Fault.Pass;
        }));
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, rewards);
        var first = await PayoutFixture.WaitForLineAsync(bridge.Store, 1, 0, l => l.CreatedAtTimeNs != 0);
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");

        await fx.AssertPaidOnceAsync(lines);
        var paid = (await bridge.Store.GetLinesAsync(1))[0];
        // Re-stamped no earlier than created_at + window + margin.
        Assert.True(paid.CreatedAtTimeNs >= first.CreatedAtTimeNs + 4_000_000_000UL, $"{paid.CreatedAtTimeNs} vs {first.CreatedAtTimeNs}");
    }

    [Fact]
    public async Task GenericError_holds_the_line_with_its_reason_in_the_API_and_the_epoch_is_paid()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var rewards = fx.Rewards(1, 1_000_000, 2_000_000, 3_000_000);
        byte[] held = rewards.Lines[1].LineHash;
        await using var bridge = await fx.StartBridgeAsync(services: PayoutFixture.Inject((arg, _) =>
            Carries(arg, held) ? Fault.GenericError : Fault.Pass));
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, rewards);
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");

        await fx.AssertPaidOnceAsync([lines[0], lines[2]]);
        Assert.Equal(0, await CountCarryingAsync(fx, [held]));
        var line = (await PayoutFixture.GetJsonAsync(bridge, "/v1/epochs/1"))["lines"]!.AsArray()[1]!;
        Assert.Equal(("held", "GenericError 7: frozen for review"), ((string?)line["status"], (string?)line["reason"]));
        var account = new Account(rewards.Lines[1].Owner, rewards.Lines[1].Subaccount).ToString();
        var mine = Assert.Single((await PayoutFixture.GetJsonAsync(bridge, $"/v1/accounts/{account}/rewards"))["lines"]!.AsArray())!;
        Assert.Equal(("held", "GenericError 7: frozen for review"), ((string?)mine["status"], (string?)mine["reason"]));
        Assert.Equal(BigInteger.Zero, (BigInteger)(await fx.Ledger.BalanceOfAsync(new Account(rewards.Lines[1].Owner, rewards.Lines[1].Subaccount))).Units);
    }

    [Fact]
    public async Task TemporarilyUnavailable_waits_and_sends_the_same_bytes()
    {
        await using var fx = await PayoutFixture.StartAsync();
        Assert.IsType<Ic.LocalLedger.SetUnavailableResult.Ok>(await fx.Admin.SetUnavailableAsync(true));
        await using var bridge = await fx.StartBridgeAsync();
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, fx.Rewards(1, 1_000_000, 2_000_000));
        var stamped = await PayoutFixture.WaitForLineAsync(bridge.Store, 1, 1, l => l.CreatedAtTimeNs != 0);
        await Task.Delay(1500);
        Assert.All(await bridge.Store.GetLinesAsync(1), l => Assert.Equal("pending", l.Status));

        Assert.IsType<Ic.LocalLedger.SetUnavailableResult.Ok>(await fx.Admin.SetUnavailableAsync(false));
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        await fx.AssertPaidOnceAsync(lines);
        Assert.Equal(stamped.CreatedAtTimeNs, (await bridge.Store.GetLinesAsync(1))[1].CreatedAtTimeNs);
    }

    [Fact]
    public async Task A_stopped_ledger_delays_payment_and_after_its_start_each_line_is_paid_once()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var management = new ManagementCanister(fx.Dev.Replica.AsTransport());
        await using var bridge = await fx.StartBridgeAsync();
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, fx.Rewards(1, 1_000_000, 2_000_000));
        await PayoutFixture.WaitForLineAsync(bridge.Store, 1, 0, l => l.CreatedAtTimeNs != 0);
        await management.StopCanisterAsync(fx.Dev.LedgerId);
        await Task.Delay(2000);
        Assert.Equal("posted", (await bridge.Store.GetEpochAsync(1))!.State);

        await management.StartCanisterAsync(fx.Dev.LedgerId);
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        await fx.AssertPaidOnceAsync(lines);
    }

    [Fact]
    public async Task InsufficientFunds_halts_paying_and_ready_says_why()
    {
        await using var fx = await PayoutFixture.StartAsync();
        // Empty the payout account but for a little: less than any line.
        var payout = new IcrcLedger(fx.Dev.Replica.AsTransport(fx.Dev.Payout), fx.Dev.LedgerId);
        var balance = (await payout.BalanceOfAsync(fx.PayoutAccount)).Units;
        (await payout.TransferAsync(new TransferRequest
        {
            To = Account.Of(Principal.SelfAuthenticating(Guid.NewGuid().ToByteArray())),
            Amount = balance - new Nat(10_000UL) - new Nat(50_000UL),
            CreatedAt = fx.Dev.Replica.Time,
        })).EnsureSuccess();

        await using var bridge = await fx.StartBridgeAsync();
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, fx.Rewards(1, 1_000_000, 2_000_000));
        string? reason = null;
        for (int i = 0; i < 300 && reason is null; i++)
        {
            reason = await bridge.Store.GetSettingAsync(Roles.RoleHalts.SettingOf(Roles.BridgeRole.Paying));
            await Task.Delay(100);
        }
        Assert.NotNull(reason);
        Assert.Contains("InsufficientFunds", reason);

        using var ready = await bridge.Http.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("paying: halted: line 1/0: InsufficientFunds", await ready.Content.ReadAsStringAsync());
        await Task.Delay(1000);
        Assert.All(await bridge.Store.GetLinesAsync(1), l => Assert.Equal("pending", l.Status));
        Assert.Equal(0, await CountCarryingAsync(fx, [.. lines.Select(l => l.LineHash)]));
    }

    [Fact]
    public async Task BadFee_reconciles_then_stamps_the_ledgers_fee_and_pays_once()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var rewards = fx.Rewards(1, 1_000_000, 2_000_000);
        Nat logLength = (await fx.Ledger.Icrc3.GetBlocksAsync([new Icp.Ledger.Icrc3.GetBlocksArgsItem { Start = 0, Length = 0 }])).LogLength;
        ulong createdAt = fx.Dev.Replica.TimeNanos;
        var bridge = await fx.StartBridgeAsync(new Dictionary<string, string> { ["Payouts:Enabled"] = "false" });
        // Stamped with the old fee (as before a crash), then the ledger's fee changes.
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, rewards,
            stamp: l => l with { CreatedAtTimeNs = createdAt, Fee = 10_000, ReconcileFromBlock = (BigInteger)logLength });
        await bridge.StopAsync();
        Assert.IsType<Ic.LocalLedger.SetTransferFeeResult.Ok>(await fx.Admin.SetTransferFeeAsync(new Nat(20_000UL)));
        var before = (BigInteger)(await fx.Ledger.BalanceOfAsync(fx.PayoutAccount)).Units;

        await using var paying = await fx.StartBridgeAsync();
        await PayoutFixture.WaitForEpochAsync(paying.Store, 1, "paid");
        await fx.AssertPaidOnceAsync(lines);
        Assert.All(await paying.Store.GetLinesAsync(1), l => Assert.Equal(new BigInteger(20_000), l.Fee));
        var after = (BigInteger)(await fx.Ledger.BalanceOfAsync(fx.PayoutAccount)).Units;
        Assert.Equal(before - lines.Aggregate(BigInteger.Zero, (s, l) => s + l.Amount) - 2 * 20_000, after);
    }

    [Fact]
    public async Task CreatedInFuture_waits_for_the_ledgers_clock_and_sends_the_same_bytes()
    {
        await using var fx = await PayoutFixture.StartAsync();
        // 65 s ahead: 5 s beyond the ledger's permitted drift.
        var clock = new SkewedTimeProvider { Skew = TimeSpan.FromSeconds(65) };
        await using var bridge = await fx.StartBridgeAsync(time: clock);
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, fx.Rewards(1, 1_000_000));
        var stamped = await PayoutFixture.WaitForLineAsync(bridge.Store, 1, 0, l => l.CreatedAtTimeNs != 0);
        Assert.True(stamped.CreatedAtTimeNs > fx.Dev.Replica.TimeNanos + 60_000_000_000UL);
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        await fx.AssertPaidOnceAsync(lines);
        Assert.Equal(stamped.CreatedAtTimeNs, (await bridge.Store.GetLinesAsync(1))[0].CreatedAtTimeNs);
    }

    [Fact]
    public async Task TooOld_reconciles_and_stamps_again_and_pays_once_when_the_clock_is_right()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var clock = new SkewedTimeProvider { Skew = -TimeSpan.FromHours(25) };
        await using var bridge = await fx.StartBridgeAsync(time: clock);
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, fx.Rewards(1, 1_000_000));
        var first = await PayoutFixture.WaitForLineAsync(bridge.Store, 1, 0, l => l.CreatedAtTimeNs != 0);
        await PayoutFixture.WaitForLineAsync(bridge.Store, 1, 0, l => l.CreatedAtTimeNs != first.CreatedAtTimeNs);
        Assert.Equal("pending", (await bridge.Store.GetLinesAsync(1))[0].Status);

        clock.Skew = TimeSpan.Zero;
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        await fx.AssertPaidOnceAsync(lines);
    }

    /// <summary>How many of the ledger's blocks carry one of <paramref name="hashes"/> as memo.</summary>
    private static async Task<int> CountCarryingAsync(PayoutFixture fx, List<byte[]> hashes)
    {
        int carrying = 0;
        await foreach (var block in fx.Ledger.GetBlocksAsync())
        {
            if (block.Field("tx") is Icp.Ledger.Icrc3.Value.Map tx
                && tx.Value.Any(f => f.Item1 == "memo" && f.Item2 is Icp.Ledger.Icrc3.Value.Blob m && hashes.Any(h => m.Value.AsSpan().SequenceEqual(h))))
                carrying++;
        }
        return carrying;
    }
}
