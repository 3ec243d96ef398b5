namespace Bridge.Service.Tests;

/// <summary>The payout worker resumes from the store alone (linked into Bridge.Service.Postgres.Tests to run on PostgreSQL too).</summary>
public sealed class PayoutRestartTests
{
    [Fact]
    public async Task A_bridge_restarted_mid_epoch_pays_the_rest_and_nothing_twice()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var rewards = fx.Rewards(1, 1_000_000, 2_000_000, 3_000_000);
        byte[] first = rewards.Lines[0].LineHash;
        // Only the first line reaches the ledger before the crash; the others are lost on the way (maybe sent, never answered).
        var before = await fx.StartBridgeAsync(services: PayoutFixture.Inject((arg, _) =>
            FaultyTransport.Carries(arg, first) ? FaultyTransport.Fault.Pass : FaultyTransport.Fault.Drop));
        IReadOnlyList<Store.StoredLine> lines;
        Store.StoredLine paidBefore;
        try
        {
            lines = await PayoutFixture.AddEpochAsync(before.Store, 1, rewards);
            paidBefore = await PayoutFixture.WaitForLineAsync(before.Store, 1, 0, l => l.Status == "paid");
            await PayoutFixture.WaitForLineAsync(before.Store, 1, 2, l => l.CreatedAtTimeNs != 0);
            Assert.Equal("posted", (await before.Store.GetEpochAsync(1))!.State);
        }
        finally
        {
            await before.StopAsync();
        }

        await using var after = await fx.StartBridgeAsync();
        await PayoutFixture.WaitForEpochAsync(after.Store, 1, "paid");
        var blocks = await fx.AssertPaidOnceAsync(lines);
        var stored = await after.Store.GetLinesAsync(1);
        Assert.All(stored, l => Assert.Equal("paid", l.Status));
        Assert.Equal(paidBefore.BlockIndex, stored[0].BlockIndex);
        Assert.All(stored, l => Assert.Equal(blocks[l.Index], l.BlockIndex));
    }
}
