using Bridge.Service.Store;
using Bridge.Service.Store.Postgres;
using Npgsql;
using static Bridge.Service.Tests.StoreFixtures;

namespace Bridge.Service.Tests;

/// <summary>
/// Several store instances on one database (as several bridges share it): one lease holder at a time, takeover after
/// expiry with a higher fencing token, and every write of an old holder refused with nothing written.
/// </summary>
public sealed class LeaseFencingTests : IAsyncLifetime
{
    private readonly string _database = PostgresTestDatabase.NewSchema();
    private readonly List<PostgresBridgeStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _stores) await s.DisposeAsync();
    }

    private async Task<PostgresBridgeStore> InstanceAsync()
    {
        var store = new PostgresBridgeStore(_database, TimeProvider.System);
        _stores.Add(store);
        await store.MigrateAsync();
        return store;
    }

    private static async Task WaitUntilLapsedAsync(PostgresBridgeStore store)
    {
        for (int i = 0; i < 100; i++)
        {
            var lease = await store.GetLeaseAsync();
            if (lease.ExpiresAt < DateTimeOffset.UtcNow.AddMilliseconds(-50)) return;
            await Task.Delay(100);
        }
        Assert.Fail("the lease did not lapse");
    }

    [Fact]
    public async Task Only_one_instance_holds_the_lease_and_renewing_keeps_its_token()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        var grant = await a.TryAcquireLeaseAsync("a", TimeSpan.FromSeconds(30));
        Assert.NotNull(grant);
        Assert.Equal(1, grant.Token);
        Assert.Null(await b.TryAcquireLeaseAsync("b", TimeSpan.FromSeconds(30)));
        Assert.Equal(0, b.ActiveRoleToken);
        var renewed = await a.TryAcquireLeaseAsync("a", TimeSpan.FromSeconds(30));
        Assert.Equal(1, renewed!.Token);
        Assert.True(renewed.ExpiresAt >= grant.ExpiresAt);
        Assert.Equal(("a", 1L), ((await b.GetLeaseAsync()).Holder!, (await b.GetLeaseAsync()).Token));
        await Assert.ThrowsAsync<LeaseLostException>(() => b.AddEventAsync("k", "s", "d"));
    }

    [Fact]
    public async Task Many_instances_racing_for_a_free_lease_give_it_to_exactly_one()
    {
        var stores = new List<PostgresBridgeStore>();
        for (int i = 0; i < 8; i++) stores.Add(await InstanceAsync());
        var grants = await Task.WhenAll(stores.Select((s, i) => s.TryAcquireLeaseAsync("i" + i, TimeSpan.FromSeconds(30))));
        Assert.Single(grants, g => g is not null);
        Assert.Equal(1, grants.Single(g => g is not null)!.Token);
    }

    [Fact]
    public async Task After_expiry_another_instance_takes_over_and_the_old_holders_writes_fail_and_write_nothing()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        Assert.Equal(1, (await a.TryAcquireLeaseAsync("a", TimeSpan.FromSeconds(30)))!.Token);
        var receipts = await a.AddReceiptsAsync([Receipt("r-1"), Receipt("r-2")]);
        await a.AddBatchAsync(Batch(1, 1), [(receipts[0].Stored.Id, [1])]);
        await a.AddOutboxAsync(Outbox("1"));
        Assert.Equal(1, (await a.TryAcquireLeaseAsync("a", TimeSpan.FromMilliseconds(100)))!.Token);   // a's last renewal, then it pauses
        await WaitUntilLapsedAsync(a);

        var takeover = await b.TryAcquireLeaseAsync("b", TimeSpan.FromSeconds(30));
        Assert.Equal(2, takeover!.Token);
        Assert.Equal(1, a.ActiveRoleToken);              // a was paused: it still believes it leads
        var before = await b.CountAsync();

        var batch2 = await Assert.ThrowsAsync<LeaseLostException>(() => a.AddBatchAsync(Batch(2, 1), [(receipts[1].Stored.Id, [2])]));
        Assert.Equal(1, batch2.Token);
        await Assert.ThrowsAsync<LeaseLostException>(() => a.AddOutboxAsync(Outbox("2")));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.UpdateBatchAsync(Batch(1, 1) with { State = BatchState.Posted, PostedNs = 5 }));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.CompleteOutboxAsync("submit_batch", "1", "replied", [1]));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.SetSettingAsync("poster.last_cut_ns", "9"));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.AddEventAsync("batch_posted", "1", "late"));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.AddEpochAsync(new StoredEpoch(1, 1, 1, "settled", new byte[32], 1), [], []));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.UpdateEpochStateAsync(1, "posted"));
        await Assert.ThrowsAsync<LeaseLostException>(() => a.UpdateLineAsync(
            new StoredLine(1, 0, Owner.ToArray(), null, 1, new byte[32], 1, 1, "paid", 1, null)));

        Assert.Equal(before, await b.CountAsync());
        Assert.Null(await b.GetBatchAsync(2));
        Assert.Null((await b.GetReceiptAsync(Provider, "r-2"))!.Batch);
        Assert.Equal(BatchState.Cut, (await b.GetBatchAsync(1))!.State);
        Assert.Null((await b.GetOutboxAsync("submit_batch", "1"))!.Outcome);
        Assert.Null(await b.GetOutboxAsync("submit_batch", "2"));
        Assert.Null(await b.GetEpochAsync(1));
        Assert.Null(await b.GetSettingAsync("poster.last_cut_ns"));

        // The old holder still takes receipts (every instance does); the new one writes as the active role.
        Assert.True((await a.AddReceiptsAsync([Receipt("r-3")]))[0].Created);
        await b.AddBatchAsync(Batch(2, 1), [(receipts[1].Stored.Id, [2])]);
        Assert.Equal(2, (await a.GetReceiptAsync(Provider, "r-2"))!.Batch);
    }

    [Fact]
    public async Task A_lapsed_lease_refuses_its_holders_writes_until_it_is_taken_again_with_a_new_token()
    {
        var a = await InstanceAsync();
        await a.TryAcquireLeaseAsync("a", TimeSpan.FromSeconds(1));
        await WaitUntilLapsedAsync(a);
        await Assert.ThrowsAsync<LeaseLostException>(() => a.SetSettingAsync("k", "v"));
        Assert.Equal(2, (await a.TryAcquireLeaseAsync("a", TimeSpan.FromSeconds(30)))!.Token);
        await a.SetSettingAsync("k", "v");
        Assert.Equal("v", await a.GetSettingAsync("k"));
    }

    [Fact]
    public async Task A_released_lease_is_taken_over_at_once_and_fences_off_its_old_holder()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        await a.TryAcquireLeaseAsync("a", TimeSpan.FromMinutes(5));
        await a.ReleaseLeaseAsync("a");
        Assert.Equal(0, a.ActiveRoleToken);
        Assert.Equal(2, (await b.TryAcquireLeaseAsync("b", TimeSpan.FromMinutes(5)))!.Token);
        await Assert.ThrowsAsync<LeaseLostException>(() => a.AddEventAsync("k", "s", "d"));
        await b.AddEventAsync("k", "s", "d");
    }

    [Fact]
    public async Task A_takeover_waits_for_a_fenced_write_in_flight_and_later_writes_fail()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        await a.TryAcquireLeaseAsync("a", TimeSpan.FromSeconds(1));
        // Hold a's fence (the lease row FOR SHARE) in an open transaction, as a slow write of a's would.
        await using var c = new NpgsqlConnection(_database);
        await c.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        await using (var fence = new NpgsqlCommand("SELECT token FROM bridge_lease WHERE name = 'active' AND token = 1 FOR SHARE", c, tx))
            Assert.Equal(1L, await fence.ExecuteScalarAsync());
        await WaitUntilLapsedAsync(a);
        var takeover = b.TryAcquireLeaseAsync("b", TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        Assert.False(takeover.IsCompleted);               // the takeover waits for the write to commit
        await tx.CommitAsync();
        Assert.Equal(2, (await takeover)!.Token);
        await Assert.ThrowsAsync<LeaseLostException>(() => a.AddEventAsync("k", "s", "d"));
    }

    [Fact]
    public async Task Instances_migrating_together_apply_each_version_once()
    {
        var fresh = PostgresTestDatabase.NewSchema();
        var stores = Enumerable.Range(0, 6).Select(_ => new PostgresBridgeStore(fresh, TimeProvider.System)).ToList();
        _stores.AddRange(stores);
        await Task.WhenAll(stores.Select(s => s.MigrateAsync()));
        Assert.Equal(PostgresMigrations.All[^1].Version, await stores[0].GetSchemaVersionAsync());
        await using var c = new NpgsqlConnection(fresh);
        await c.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM schema_migrations", c);
        Assert.Equal((long)PostgresMigrations.All.Count, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_database_newer_than_the_bridge_is_refused()
    {
        var a = await InstanceAsync();
        await using (var c = new NpgsqlConnection(_database))
        {
            await c.OpenAsync();
            await using var future = new NpgsqlCommand("INSERT INTO schema_migrations (version) VALUES (999)", c);
            await future.ExecuteNonQueryAsync();
        }
        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => a.MigrateAsync());
        Assert.Contains("999", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_receipt_from_two_instances_at_once_is_stored_once()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        for (int i = 0; i < 20; i++)
        {
            // Overlapping groups in opposite orders: the store's insert order keeps them from deadlocking.
            var x = Receipt($"r-{i}-x");
            var y = Receipt($"r-{i}-y");
            var results = await Task.WhenAll(a.AddReceiptsAsync([x, y]), b.AddReceiptsAsync([Receipt($"r-{i}-y", taskId: "other"), x]));
            Assert.Equal(1, results.Count(r => r[0].Created == true && r[0].Stored.Receipt.ReceiptId.EndsWith('x'))
                + results.Count(r => r[1].Created && r[1].Stored.Receipt.ReceiptId.EndsWith('x')));
            var storedX = (await a.GetReceiptAsync(Provider, x.Receipt.ReceiptId))!;
            Assert.All(results.SelectMany(r => r).Where(r => r.Stored.Receipt.ReceiptId == x.Receipt.ReceiptId),
                r => Assert.Equal(storedX.Id, r.Stored.Id));
            var storedY = (await a.GetReceiptAsync(Provider, y.Receipt.ReceiptId))!;
            Assert.Equal(storedY.ReceiptHash, results[0][1].Stored.ReceiptHash);
            Assert.Equal(storedY.ReceiptHash, results[1][0].Stored.ReceiptHash);
            Assert.NotEqual(results[0][1].Created, results[1][0].Created);
        }
        Assert.Equal(40, (await a.CountAsync()).Receipts);
    }

    [Fact]
    public async Task A_leader_frozen_inside_a_fenced_write_does_not_block_the_takeover()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        var grant = await a.TryAcquireLeaseAsync("a", TimeSpan.FromSeconds(1));
        Assert.NotNull(grant);
        // a's process freezes (SIGSTOP) inside a fenced write: the lease row locked FOR SHARE, the transaction left open.
        await using var source = PostgresDataSource.Create(_database);
        var frozen = await source.OpenConnectionAsync();
        var transaction = await frozen.BeginTransactionAsync();
        await using (var fence = new NpgsqlCommand("SELECT token FROM bridge_lease WHERE name = 'active' FOR SHARE", frozen, transaction))
            await fence.ExecuteScalarAsync();
        await WaitUntilLapsedAsync(a);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var taken = await b.TryAcquireLeaseAsync("b", TimeSpan.FromSeconds(10), limit.Token);
        Assert.NotNull(taken);
        Assert.True(taken.Token > grant.Token);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(PostgresDataSource.IdleInTransactionTimeoutMs / 1000 + 5), $"the takeover took {watch.Elapsed}");
        // The frozen session was ended by the server: its transaction wrote nothing and cannot go on.
        await Assert.ThrowsAnyAsync<Exception>(() => transaction.CommitAsync());
        try { await frozen.DisposeAsync(); } catch (NpgsqlException) { }
    }
}
