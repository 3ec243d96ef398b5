using Bridge.Service.Store;
using static Bridge.Service.Tests.StoreFixtures;

namespace Bridge.Service.Tests;

/// <summary>
/// What every <see cref="IBridgeStore"/> does, run on SQLite and on PostgreSQL (<see cref="SqliteStoreContractTests"/>,
/// <see cref="PostgresStoreContractTests"/>): the same calls give the same rows back.
/// </summary>
public abstract partial class BridgeStoreContract : IAsyncLifetime
{
    private IBridgeStore? _store;

    /// <summary>The store under test, migrated, holding the active role.</summary>
    protected IBridgeStore Store => _store!;

    /// <summary>A new, empty store on its own database.</summary>
    protected abstract Task<IBridgeStore> CreateStoreAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable d) await d.DisposeAsync();
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        await Store.AddNodeAsync(Node, 5);
        await Store.MigrateAsync();
        Assert.Equal(1, (await Store.CountAsync()).Nodes);
    }

    [Fact]
    public async Task A_node_is_stored_once_and_a_second_registration_returns_the_first()
    {
        var (node, created) = await Store.AddNodeAsync(Node, 5);
        Assert.True(created);
        var (again, createdAgain) = await Store.AddNodeAsync(Node with { Owner = Icp.Candid.Principal.Parse("aaaaa-aa") }, 6);
        Assert.False(createdAgain);
        Assert.Equal(Owner, again.Owner);
        Assert.Equal(node.PublicKey, (await Store.GetNodeAsync(Provider))!.PublicKey);
        Assert.Null(await Store.GetNodeAsync(Icp.Candid.Principal.Parse("aaaaa-aa")));
    }

    [Fact]
    public async Task Receipts_keep_every_field_including_the_largest_naturals()
    {
        var max = Receipt("r-max", ackedNs: ulong.MaxValue, gpuSeconds: ulong.MaxValue, fee: UInt128.MaxValue, feeBlock: ulong.MaxValue,
            subaccount: Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var min = Receipt("r-min", ackedNs: 0, gpuSeconds: 0, fee: 0);
        var results = await Store.AddReceiptsAsync([max, min]);
        Assert.All(results, r => Assert.True(r.Created));
        Assert.NotEqual(results[0].Stored.Id, results[1].Stored.Id);

        var stored = (await Store.GetReceiptAsync(Provider, "r-max"))!;
        Assert.Equal(max.Receipt with { }, stored.Receipt, ReceiptComparer.Instance);
        Assert.Equal(max.ReceiptHash, stored.ReceiptHash);
        Assert.Equal(ulong.MaxValue, stored.AckedNs);
        Assert.Equal(results[0].Stored.Id, stored.Id);
        Assert.Null(stored.Batch);
        var small = (await Store.GetReceiptAsync(Provider, "r-min"))!;
        Assert.Equal(min.Receipt, small.Receipt, ReceiptComparer.Instance);
        Assert.Null(await Store.GetReceiptAsync(Provider, "r-none"));
    }

    [Fact]
    public async Task A_receipt_id_taken_returns_the_stored_row_not_the_new_one()
    {
        var first = Receipt("r-1", taskId: "first");
        var other = Receipt("r-1", taskId: "second");
        await Store.AddReceiptsAsync([first]);
        var results = await Store.AddReceiptsAsync([other, Receipt("r-2")]);
        Assert.False(results[0].Created);
        Assert.Equal(first.ReceiptHash, results[0].Stored.ReceiptHash);
        Assert.Equal("first", results[0].Stored.Receipt.TaskId);
        Assert.True(results[1].Created);
        Assert.Equal(2, (await Store.CountAsync()).Receipts);
    }

    [Fact]
    public async Task The_same_receipt_twice_in_one_group_is_stored_once_and_answers_in_order()
    {
        var a = Receipt("r-a");
        var results = await Store.AddReceiptsAsync([Receipt("r-z"), a, a]);
        Assert.Equal(["r-z", "r-a", "r-a"], results.Select(r => r.Stored.Receipt.ReceiptId));
        Assert.Equal([true, true, false], results.Select(r => r.Created));
        Assert.Equal(results[1].Stored.Id, results[2].Stored.Id);
        Assert.Equal(2, (await Store.CountAsync()).Receipts);
    }

    [Fact]
    public async Task Unbatched_receipts_come_by_receipt_hash_acknowledged_before_the_cut()
    {
        var receipts = Enumerable.Range(0, 12).Select(i => Receipt($"r-{i}", ackedNs: (ulong)(100 + i))).ToList();
        await Store.AddReceiptsAsync(receipts);
        var before110 = await Store.GetUnbatchedReceiptsAsync(110, 100);
        Assert.Equal(10, before110.Count);
        var expected = receipts.Take(10).Select(r => r.ReceiptHash).OrderBy(h => h, ByteOrder.Instance).ToList();
        Assert.Equal(expected, before110.Select(r => r.ReceiptHash));
        Assert.Equal(expected.Take(3), (await Store.GetUnbatchedReceiptsAsync(110, 3)).Select(r => r.ReceiptHash));
    }

    [Fact]
    public async Task A_batchs_receipts_come_in_leaf_order_with_every_field_and_no_other_batchs()
    {
        var withBlock = Receipt("r-1", feeBlock: ulong.MaxValue, fee: UInt128.MaxValue, subaccount: Enumerable.Repeat((byte)9, 32).ToArray());
        var stored = await Store.AddReceiptsAsync([withBlock, Receipt("r-2"), Receipt("r-3"), Receipt("r-4")]);
        var ids = stored.Select(s => s.Stored.Id).ToList();
        await Store.AddBatchAsync(Batch(1, 3), [(ids[2], [1]), (ids[0], [2]), (ids[3], [3])]);
        await Store.AddBatchAsync(Batch(2, 1, windowEnd: 3_000), [(ids[1], [4])]);

        var first = await Store.GetBatchReceiptsAsync(1);
        Assert.Equal(["r-3", "r-1", "r-4"], first.Select(r => r.Receipt.ReceiptId));
        Assert.Equal([0L, 1L, 2L], first.Select(r => r.LeafIndex!.Value));
        Assert.All(first, r => Assert.Equal(1L, r.Batch));
        Assert.Equal(withBlock.Receipt, first[1].Receipt, ReceiptComparer.Instance);
        Assert.Equal(withBlock.ReceiptHash, first[1].ReceiptHash);
        Assert.Equal(["r-2"], (await Store.GetBatchReceiptsAsync(2)).Select(r => r.Receipt.ReceiptId));
        Assert.Empty(await Store.GetBatchReceiptsAsync(3));
    }

    [Fact]
    public async Task A_batch_stores_its_leaves_and_places_its_receipts()
    {
        var stored = await Store.AddReceiptsAsync([Receipt("r-1"), Receipt("r-2"), Receipt("r-3")]);
        var ids = stored.Select(s => s.Stored.Id).ToList();
        await Store.AddBatchAsync(Batch(1, 2), [(ids[1], [1, 1]), (ids[0], [2, 2])]);

        var batch = (await Store.GetBatchAsync(1))!;
        Assert.Equal(Batch(1, 2).TotalFees, batch.TotalFees);
        Assert.Equal(ulong.MaxValue, (ulong)batch.TotalGpuSeconds);
        Assert.Equal(BatchState.Cut, batch.State);
        Assert.Equal(Batch(1, 2).Root, batch.Root);
        Assert.Equal(2_000UL, batch.WindowEndNs);
        Assert.Equal([[1, 1], [2, 2]], await Store.GetBatchLeavesAsync(1));
        var r2 = (await Store.GetReceiptAsync(Provider, "r-2"))!;
        Assert.Equal((1L, 0L), (r2.Batch!.Value, r2.LeafIndex!.Value));
        Assert.Equal(1L, (await Store.GetReceiptAsync(Provider, "r-1"))!.LeafIndex);
        Assert.Equal(["r-3"], (await Store.GetUnbatchedReceiptsAsync(ulong.MaxValue, 10)).Select(r => r.Receipt.ReceiptId));
        Assert.Empty(await Store.GetBatchLeavesAsync(2));
    }

    [Fact]
    public async Task A_batch_naming_a_receipt_already_batched_writes_nothing()
    {
        var stored = await Store.AddReceiptsAsync([Receipt("r-1"), Receipt("r-2")]);
        await Store.AddBatchAsync(Batch(1, 1), [(stored[0].Stored.Id, [1])]);
        var before = await Store.CountAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => Store.AddBatchAsync(Batch(2, 2), [(stored[1].Stored.Id, [2]), (stored[0].Stored.Id, [3])]));
        Assert.Equal(before, await Store.CountAsync());
        Assert.Null(await Store.GetBatchAsync(2));
        Assert.Null((await Store.GetReceiptAsync(Provider, "r-2"))!.Batch);
    }

    [Fact]
    public async Task Batches_list_in_order_and_their_state_changes_are_kept()
    {
        for (long n = 1; n <= 3; n++) await Store.AddBatchAsync(Batch(n, 0, windowEnd: (ulong)(1000 * n)), []);
        Assert.Equal(3, (await Store.GetLastBatchAsync())!.Sequence);
        Assert.Equal([2L, 3L], (await Store.ListBatchesAsync(2, 10)).Select(b => b.Sequence));
        Assert.Equal([1L], (await Store.ListBatchesAsync(1, 1)).Select(b => b.Sequence));

        var posted = (await Store.GetBatchAsync(2))! with { State = BatchState.Posted, PostedNs = ulong.MaxValue, FinalAfterNs = 7 };
        await Store.UpdateBatchAsync(posted);
        var back = (await Store.GetBatchAsync(2))!;
        Assert.Equal((BatchState.Posted, ulong.MaxValue, 7UL), (back.State, back.PostedNs!.Value, back.FinalAfterNs!.Value));
        await Store.UpdateBatchAsync(back with { State = BatchState.Rejected, RejectReason = "duplicate receipt" });
        Assert.Equal("duplicate receipt", (await Store.GetBatchAsync(2))!.RejectReason);
        await Assert.ThrowsAnyAsync<Exception>(() => Store.UpdateBatchAsync(Batch(9, 0)));

        Assert.Equal((2L, 3L), (await Store.GetBatchRangeAsync(2000, 3001))!.Value);
        Assert.Null(await Store.GetBatchRangeAsync(3001, 9000));
    }

    [Fact]
    public async Task The_outbox_keeps_the_first_request_until_it_expired()
    {
        var first = await Store.AddOutboxAsync(Outbox("1", 7));
        Assert.Equal(new byte[] { 7, 2, 3 }, first.Envelope);
        Assert.Equal(ulong.MaxValue - 1, first.CreatedNs);
        var again = await Store.AddOutboxAsync(Outbox("1", 8));
        Assert.Equal(new byte[] { 7, 1 }, again.RequestId);

        await Store.CompleteOutboxAsync("submit_batch", "1", "replied", [9]);
        var done = (await Store.GetOutboxAsync("submit_batch", "1"))!;
        Assert.Equal("replied", done.Outcome);
        Assert.Equal(new byte[] { 9 }, done.Reply);

        await Store.CompleteOutboxAsync("submit_batch", "1", "expired", null);
        var replaced = await Store.AddOutboxAsync(Outbox("1", 8));
        Assert.Equal(new byte[] { 8, 1 }, replaced.RequestId);
        Assert.Null(replaced.Outcome);
        Assert.Null(await Store.GetOutboxAsync("submit_batch", "2"));
    }

    [Fact]
    public async Task Settings_and_events_are_kept()
    {
        Assert.Null(await Store.GetSettingAsync("poster.halted"));
        await Store.SetSettingAsync("poster.halted", "why");
        await Store.SetSettingAsync("poster.halted", "why not");
        Assert.Equal("why not", await Store.GetSettingAsync("poster.halted"));
        await Store.SetSettingAsync("poster.halted", null);
        Assert.Null(await Store.GetSettingAsync("poster.halted"));
        await Store.AddEventAsync("k", "s", "d");
        Assert.Equal(1, (await Store.CountAsync()).Events);
    }

    [Fact]
    public async Task A_shared_setting_is_stored_and_cleared_with_its_event()
    {
        long events = (await Store.CountAsync()).Events;
        await Store.SetSharedSettingAsync("halt.paying", "InsufficientFunds", "role_halted", "paying", "InsufficientFunds");
        Assert.Equal("InsufficientFunds", await Store.GetSettingAsync("halt.paying"));
        await Store.SetSharedSettingAsync("halt.paying", null, "role_resumed", "paying", "resumed by a test");
        Assert.Null(await Store.GetSettingAsync("halt.paying"));
        Assert.Equal(events + 2, (await Store.CountAsync()).Events);
    }

    [Fact]
    public async Task An_open_epoch_has_no_record_and_no_lines()
    {
        Assert.Null(await Store.GetEpochAsync(1));
        Assert.Empty(await Store.GetLinesAsync(1));
        Assert.Empty(await Store.GetIneligibleAsync(1));
        Assert.Empty(await Store.GetAccountLinesAsync(Owner.ToArray(), null));
        Assert.Empty(await Store.GetAccountLinesAsync(Owner.ToArray(), new byte[32]));
        await Store.PingAsync();
    }

    [Fact]
    public async Task A_settled_epoch_keeps_its_lines_and_ineligible_receipts_and_settling_again_writes_nothing()
    {
        var big = System.Numerics.BigInteger.Pow(2, 100);
        StoredLine[] lines =
        [
            PendingLine(1, 0, subaccount: null, amount: big, createdAt: ulong.MaxValue),
            PendingLine(1, 1, subaccount: Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), amount: 7, createdAt: 0),
        ];
        IneligibleReceipt[] ineligible = [new(1, Provider.ToArray(), "r-9", "fee_not_paid"), new(1, Provider.ToArray(), "r-8", "not_countersigned")];
        var epoch = new StoredEpoch(1, 1, 3, "settled", [.. Enumerable.Repeat((byte)0xAB, 32)], big + 7);
        Assert.True(await Store.AddEpochAsync(epoch, lines, ineligible));

        Assert.False(await Store.AddEpochAsync(epoch with { TotalPayout = 1 }, [PendingLine(1, 0, null, 1, 1)], []));
        var stored = (await Store.GetEpochAsync(1))!;
        Assert.Equal(big + 7, stored.TotalPayout);
        Assert.Equal(epoch.DistributionRoot, stored.DistributionRoot);
        Assert.Equal((1L, 3L, "settled"), (stored.FirstBatch, stored.LastBatch, stored.State));
        var back = await Store.GetLinesAsync(1);
        Assert.Equal(2, back.Count);
        Assert.Equal(big, back[0].Amount);
        Assert.Equal(ulong.MaxValue, back[0].CreatedAtTimeNs);
        Assert.Null(back[0].Subaccount);
        Assert.Equal(lines[1].Subaccount, back[1].Subaccount);
        Assert.Equal(["r-8", "r-9"], (await Store.GetIneligibleAsync(1)).Select(i => i.ReceiptId));
        Assert.Equal(1, (await Store.GetLastEpochAsync())!.Epoch);
    }

    [Fact]
    public async Task An_empty_epoch_is_stored_with_no_lines()
    {
        Assert.Null(await Store.GetLastEpochAsync());
        Assert.True(await Store.AddEpochAsync(new StoredEpoch(1, 5, 4, "settled", new byte[32], 0), [], []));
        Assert.True(await Store.AddEpochAsync(new StoredEpoch(2, 5, 6, "settled", new byte[32], 0), [], []));
        Assert.Equal(2, (await Store.GetLastEpochAsync())!.Epoch);
        Assert.Empty(await Store.GetLinesAsync(1));
    }

    [Fact]
    public async Task Epoch_states_and_line_payouts_are_kept_and_an_unknown_line_is_refused()
    {
        await Store.AddEpochAsync(new StoredEpoch(1, 1, 1, "settled", new byte[32], 10), [PendingLine(1, 0, null, 10, 100)], []);
        await Store.UpdateEpochStateAsync(1, "posted");
        Assert.Equal("posted", (await Store.GetEpochAsync(1))!.State);

        var line = (await Store.GetLinesAsync(1))[0];
        await Store.UpdateLineAsync(line with { CreatedAtTimeNs = 200, Fee = 10_000 });
        await Store.UpdateLineAsync(line with { CreatedAtTimeNs = 200, Fee = 10_000, Status = "paid", BlockIndex = ulong.MaxValue });
        var paid = (await Store.GetAccountLinesAsync(Owner.ToArray(), null)).Single();
        Assert.Equal(("paid", (System.Numerics.BigInteger)ulong.MaxValue, 200UL, (System.Numerics.BigInteger)10_000), (paid.Status, paid.BlockIndex!.Value, paid.CreatedAtTimeNs, paid.Fee));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.UpdateLineAsync(line with { Index = 5 }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.UpdateLineAsync(line with { LineHash = new byte[32] }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.UpdateEpochStateAsync(9, "posted"));
        await Store.UpdateLineAsync(paid with { Status = "held", BlockIndex = null, Reason = "GenericError 3: review" });
        Assert.Equal("GenericError 3: review", (await Store.GetLinesAsync(1))[0].Reason);
    }

    private static StoredLine PendingLine(long epoch, long index, byte[]? subaccount, System.Numerics.BigInteger amount, ulong createdAt) =>
        new(epoch, index, Owner.ToArray(), subaccount, amount, [.. Enumerable.Repeat((byte)(index + 1), 32)], createdAt, 10_000, "pending", null, null);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    private sealed class ReceiptComparer : IEqualityComparer<Core.Receipts.Receipt>
    {
        public static readonly ReceiptComparer Instance = new();

        public bool Equals(Core.Receipts.Receipt? x, Core.Receipts.Receipt? y) =>
            Core.Protocol.BridgeHashes.ReceiptHash(x!).AsSpan().SequenceEqual(Core.Protocol.BridgeHashes.ReceiptHash(y!))
            && x!.ProviderSignature.AsSpan().SequenceEqual(y!.ProviderSignature)
            && Same(x.RequesterPublicKey, y.RequesterPublicKey) && Same(x.RequesterSignature, y.RequesterSignature)
            && Same(x.RequesterSubaccount, y.RequesterSubaccount) && x.FeeBlock == y.FeeBlock && x.FeeAmount == y.FeeAmount;

        public int GetHashCode(Core.Receipts.Receipt obj) => 0;

        private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
    }
}

/// <summary>The store contract on SQLite.</summary>
public sealed class SqliteStoreContractTests : BridgeStoreContract
{
    protected override async Task<IBridgeStore> CreateStoreAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "bridge-store-" + Guid.NewGuid().ToString("N") + ".db");
        var store = new Store.Sqlite.SqliteBridgeStore($"Data Source={path}", TimeProvider.System);
        await store.MigrateAsync();
        return store;
    }
}

/// <summary>The store contract on PostgreSQL (the store holds the lease, as the active instance does).</summary>
public sealed class PostgresStoreContractTests : BridgeStoreContract
{
    protected override async Task<IBridgeStore> CreateStoreAsync()
    {
        var store = new Store.Postgres.PostgresBridgeStore(PostgresTestDatabase.NewSchema(), TimeProvider.System);
        await store.MigrateAsync();
        Assert.NotNull(await store.TryAcquireLeaseAsync("contract", TimeSpan.FromMinutes(5)));
        return store;
    }
}
