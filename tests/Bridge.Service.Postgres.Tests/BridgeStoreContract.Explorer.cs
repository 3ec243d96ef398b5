using System.Numerics;
using Bridge.Service.Store;
using Icp.Candid;
using static Bridge.Service.Tests.StoreFixtures;

namespace Bridge.Service.Tests;

/// <summary>The explorer's paged reads, on both stores.</summary>
public abstract partial class BridgeStoreContract
{
    private static readonly Principal OtherProvider = SignedReceipts.Requester;

    [Fact]
    public async Task A_batch_s_receipts_come_a_page_at_a_time_in_leaf_order()
    {
        var stored = await Store.AddReceiptsAsync([.. Enumerable.Range(0, 5).Select(i => Receipt($"r-{i:D3}"))]);
        var ids = stored.Select(s => s.Stored.Id).ToList();
        // Leaf order differs from insertion order, as it does for receipt_hash order.
        long[] leafOrder = [ids[3], ids[0], ids[4], ids[1]];
        await Store.AddBatchAsync(Batch(1, 4), [.. leafOrder.Select((id, i) => (id, new[] { (byte)i }))]);

        var first = await Store.GetBatchReceiptsAsync(1, 0, 2);
        Assert.Equal(["r-003", "r-000"], first.Select(r => r.Receipt.ReceiptId));
        Assert.Equal([0L, 1L], first.Select(r => r.LeafIndex!.Value));
        var rest = await Store.GetBatchReceiptsAsync(1, 2, 10);
        Assert.Equal(["r-004", "r-001"], rest.Select(r => r.Receipt.ReceiptId));
        Assert.All(rest, r => Assert.Equal(1L, r.Batch));
        Assert.Empty(await Store.GetBatchReceiptsAsync(1, 4, 10));
        Assert.Empty(await Store.GetBatchReceiptsAsync(2, 0, 10));

        Assert.Equal(new byte[] { 2 }, await Store.GetLeafAsync(1, 2));
        Assert.Null(await Store.GetLeafAsync(1, 4));
        Assert.Null(await Store.GetLeafAsync(2, 0));
    }

    [Fact]
    public async Task A_node_s_summary_receipts_and_batches_are_paged()
    {
        await Store.AddNodeAsync(Node, ulong.MaxValue - 3);
        var stored = await Store.AddReceiptsAsync([.. Enumerable.Range(0, 5).Select(i => Receipt($"r-{i:D3}"))]);
        var ids = stored.Select(s => s.Stored.Id).ToList();
        await Store.AddBatchAsync(Batch(1, 2), [(ids[0], [1]), (ids[1], [2])]);
        await Store.AddBatchAsync(Batch(2, 1), [(ids[4], [3])]);

        var summary = (await Store.GetNodeSummaryAsync(Provider))!;
        Assert.Equal((Owner, ulong.MaxValue - 3, 5L, 3L), (summary.Node.Owner, summary.RegisteredNs, summary.Receipts, summary.BatchedReceipts));
        Assert.Equal(Node.PublicKey, summary.Node.PublicKey);

        Assert.Equal(["r-000", "r-001"], (await Store.GetNodeReceiptsAsync(Provider, null, 2)).Select(r => r.Receipt.ReceiptId));
        var next = await Store.GetNodeReceiptsAsync(Provider, "r-001", 2);
        Assert.Equal(["r-002", "r-003"], next.Select(r => r.Receipt.ReceiptId));
        Assert.Equal(["r-004"], (await Store.GetNodeReceiptsAsync(Provider, "r-003", 2)).Select(r => r.Receipt.ReceiptId));
        Assert.Equal(2L, (await Store.GetNodeReceiptsAsync(Provider, "r-003", 2))[0].Batch);

        Assert.Equal([new NodeBatchShare(2, 1), new NodeBatchShare(1, 2)], await Store.GetNodeBatchesAsync(Provider, 10));
        Assert.Equal([new NodeBatchShare(2, 1)], await Store.GetNodeBatchesAsync(Provider, 1));

        Assert.Null(await Store.GetNodeSummaryAsync(OtherProvider));
        Assert.Empty(await Store.GetNodeReceiptsAsync(OtherProvider, null, 10));
        Assert.Empty(await Store.GetNodeBatchesAsync(OtherProvider, 10));
    }

    [Fact]
    public async Task Stored_epochs_their_lines_and_ineligible_receipts_are_paged_and_summed()
    {
        var big = BigInteger.Pow(2, 70);
        await SeedEpochAsync(new StoredEpoch(1, 1, 2, "paid", new byte[32], big * 2 + 5),
            [Line(1, 0, "paid", big, 17), Line(1, 1, "held", 5, null, "ledger refused"), Line(1, 2, "paid", big, 18)],
            [new(1, Provider.ToArray(), "r-002", "not_countersigned"), new(1, Provider.ToArray(), "r-001", "no_fee_block"),
             new(1, OtherProvider.ToArray(), "r-000", "not_countersigned")]);
        await SeedEpochAsync(new StoredEpoch(3, 3, 2, "settled", new byte[32], 0), [], []);

        Assert.Equal([1L, 3L], (await Store.ListEpochsAsync(1, 10)).Select(e => e.Epoch));
        Assert.Equal([3L], (await Store.ListEpochsAsync(2, 10)).Select(e => e.Epoch));
        var firstEpoch = Assert.Single(await Store.ListEpochsAsync(0, 1));
        Assert.Equal(("paid", big * 2 + 5), (firstEpoch.State, firstEpoch.TotalPayout));

        Assert.Equal([0L, 1L], (await Store.GetLinesPageAsync(1, 0, 2)).Select(l => l.Index));
        var last = Assert.Single(await Store.GetLinesPageAsync(1, 2, 2));
        Assert.Equal((big, (BigInteger?)18), (last.Amount, last.BlockIndex));
        Assert.Empty(await Store.GetLinesPageAsync(3, 0, 10));

        Assert.Equal([new LineTotal("held", 1, 5), new LineTotal("paid", 2, big * 2)], await Store.GetLineTotalsAsync(1));
        Assert.Empty(await Store.GetLineTotalsAsync(3));

        // Keyset pages by (provider bytes, receipt_id): the next page starts after the last row of the one before.
        var providers = new[] { Provider.ToArray(), OtherProvider.ToArray() }.OrderBy(p => p, ByteOrder.Instance).ToList();
        var expected = new[] { (Provider, "r-001"), (Provider, "r-002"), (OtherProvider, "r-000") }
            .OrderBy(x => x.Item1.ToArray(), ByteOrder.Instance).ThenBy(x => x.Item2, StringComparer.Ordinal).ToList();
        var page1 = await Store.GetIneligiblePageAsync(1, null, null, 2);
        Assert.Equal(expected.Take(2).Select(x => x.Item2), page1.Select(i => i.ReceiptId));
        var page2 = await Store.GetIneligiblePageAsync(1, page1[^1].Provider, page1[^1].ReceiptId, 2);
        Assert.Equal(expected.Skip(2).Select(x => (x.Item1.ToArray(), x.Item2)), page2.Select(i => (i.Provider, i.ReceiptId)));
        Assert.Empty(await Store.GetIneligiblePageAsync(1, page2[^1].Provider, page2[^1].ReceiptId, 2));
        Assert.Equal(providers[0], page1[0].Provider);

        Assert.Equal([new ReasonCount("no_fee_block", 1), new ReasonCount("not_countersigned", 2)], await Store.CountIneligibleAsync(1));
        Assert.Empty(await Store.CountIneligibleAsync(3));
    }

    private static StoredLine Line(long epoch, long index, string status, BigInteger amount, long? block, string? reason = null) =>
        new(epoch, index, Owner.ToArray(), index == 1 ? Enumerable.Repeat((byte)index, 32).ToArray() : null, amount,
            Enumerable.Repeat((byte)(index + 1), 32).ToArray(), 1_000, 10_000, status, block, reason);

    /// <summary>
    /// Stores an epoch the way the settler and payout worker leave it: settled with its lines pending and unstamped, then
    /// each line's payout fields and the epoch's state as given.
    /// </summary>
    private async Task SeedEpochAsync(StoredEpoch epoch, IReadOnlyList<StoredLine> lines, IReadOnlyList<IneligibleReceipt> ineligible)
    {
        var pending = lines.Select(l => l with { CreatedAtTimeNs = 0, Fee = BigInteger.Zero, Status = "pending", BlockIndex = null, Reason = null }).ToList();
        Assert.True(await Store.AddEpochAsync(epoch with { State = "settled" }, pending, ineligible));
        foreach (var line in lines) await Store.UpdateLineAsync(line);
        if (epoch.State != "settled") await Store.UpdateEpochStateAsync(epoch.Epoch, epoch.State);
    }
}
