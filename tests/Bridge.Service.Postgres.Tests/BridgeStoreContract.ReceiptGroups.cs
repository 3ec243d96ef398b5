using Bridge.Core.Protocol;
using Bridge.Service.Store;
using Icp.Candid;
using static Bridge.Service.Tests.StoreFixtures;

namespace Bridge.Service.Tests;

/// <summary>
/// One group commit of the intake writer (<see cref="IBridgeStore.AddReceiptsAsync"/>): each item answers with the row
/// that is stored for its (provider, receipt_id), and whether this call stored it; the caller answers 200 when the
/// stored hash is the item's, 409 when not (protocol section 3).
/// </summary>
public abstract partial class BridgeStoreContract
{
    /// <summary>The intake writer's default group size (Intake:MaxReceiptsPerCommit).</summary>
    private const int MaxReceiptsPerCommit = 1_000;

    [Fact]
    public async Task A_group_mixing_new_stored_identical_stored_different_and_repeated_receipts_answers_each_in_its_place()
    {
        var identical = Receipt("r-same");
        var original = Receipt("r-diff", taskId: "original");
        var before = await Store.AddReceiptsAsync([identical, original]);
        var changed = Receipt("r-diff", taskId: "changed");
        var fresh = Receipt("r-new");
        var repeatedFirst = Receipt("r-twice", taskId: "first");
        var repeatedSecond = Receipt("r-twice", taskId: "second");

        var results = await Store.AddReceiptsAsync([fresh, changed, repeatedFirst, identical, repeatedSecond, Receipt("r-a")]);

        Assert.Equal(["r-new", "r-diff", "r-twice", "r-same", "r-twice", "r-a"], results.Select(r => r.Stored.Receipt.ReceiptId));
        Assert.Equal([true, false, true, false, false, true], results.Select(r => r.Created));
        // Stored before, identical: its own row (same hash, so 200).
        Assert.Equal(before[0].Stored.Id, results[3].Stored.Id);
        Assert.Equal(identical.ReceiptHash, results[3].Stored.ReceiptHash);
        // Stored before, different: the stored row, not the new one (different hash, so 409).
        Assert.Equal(before[1].Stored.Id, results[1].Stored.Id);
        Assert.Equal(original.ReceiptHash, results[1].Stored.ReceiptHash);
        Assert.NotEqual(changed.ReceiptHash, results[1].Stored.ReceiptHash);
        Assert.Equal("original", results[1].Stored.Receipt.TaskId);
        // Twice in the group: the first item is stored, the second answers with it.
        Assert.Equal(results[2].Stored.Id, results[4].Stored.Id);
        Assert.Equal(repeatedFirst.ReceiptHash, results[4].Stored.ReceiptHash);
        Assert.Equal("first", (await Store.GetReceiptAsync(Provider, "r-twice"))!.Receipt.TaskId);
        Assert.Equal(5, (await Store.CountAsync()).Receipts);
        Assert.Equal(5, results.Where(r => r.Created).Select(r => r.Stored.Id).Concat(before.Select(r => r.Stored.Id)).Distinct().Count());
    }

    [Fact]
    public async Task A_group_of_the_largest_commit_size_is_stored_whole_and_sent_again_answers_every_stored_row()
    {
        var receipts = Enumerable.Range(0, MaxReceiptsPerCommit).Select(i => Receipt($"r-{MaxReceiptsPerCommit - i:D5}", ackedNs: (ulong)i)).ToList();

        var first = await Store.AddReceiptsAsync(receipts);
        Assert.All(first, r => Assert.True(r.Created));
        Assert.Equal(MaxReceiptsPerCommit, first.Select(r => r.Stored.Id).Distinct().Count());
        Assert.Equal(receipts.Select(r => r.Receipt.ReceiptId), first.Select(r => r.Stored.Receipt.ReceiptId));

        var again = await Store.AddReceiptsAsync(receipts);
        Assert.All(again, r => Assert.False(r.Created));
        Assert.Equal(first.Select(r => r.Stored.Id), again.Select(r => r.Stored.Id));
        Assert.Equal(receipts.Select(r => r.ReceiptHash), again.Select(r => r.Stored.ReceiptHash));
        Assert.Equal(receipts.Select(r => r.AckedNs), again.Select(r => r.Stored.AckedNs));
        Assert.Equal(MaxReceiptsPerCommit, (await Store.CountAsync()).Receipts);
    }

    [Fact]
    public async Task Texts_beyond_ascii_and_absent_optionals_mixed_with_present_ones_in_one_group_come_back_exactly()
    {
        var plain = Receipt("r-plain");
        var unicode = WithTexts(Receipt("r-ü-日本-😀"), "t-é\u200b\u00a0", "模型 ✓", "Ω-GPU 𝔾", "net-ñ");
        var empty = WithTexts(Receipt("r-empty"), "", "", "", "n");
        var withOptionals = Receipt("r-present", feeBlock: 7, subaccount: new byte[32]);
        var present = withOptionals with { Receipt = withOptionals.Receipt with { RequesterPublicKey = [0, 255, 1], RequesterSignature = new byte[64] } };
        var group = new[] { unicode, plain, present, empty };

        var results = await Store.AddReceiptsAsync(group);

        Assert.All(results, r => Assert.True(r.Created));
        foreach (var sent in group)
        {
            var stored = (await Store.GetReceiptAsync(Provider, sent.Receipt.ReceiptId))!;
            Assert.Equal(sent.Receipt, stored.Receipt, ReceiptComparer.Instance);
            Assert.Equal(sent.ReceiptHash, stored.ReceiptHash);
        }
        var plainStored = (await Store.GetReceiptAsync(Provider, "r-plain"))!.Receipt;
        Assert.Null(plainStored.FeeBlock);
        Assert.Null(plainStored.RequesterSubaccount);
        Assert.Null(plainStored.RequesterPublicKey);
        Assert.Null(plainStored.RequesterSignature);
        var again = await Store.AddReceiptsAsync(group);
        Assert.Equal(group.Select(g => g.ReceiptHash), again.Select(r => r.Stored.ReceiptHash));
        Assert.Equal(group.Select(g => g.Receipt), again.Select(r => r.Stored.Receipt), ReceiptComparer.Instance);
    }

    [Fact]
    public async Task One_receipt_id_under_two_providers_is_two_receipts()
    {
        var other = Principal.Parse("2vxsx-fae");
        var mine = Receipt("r-1");
        var theirs = mine with { Receipt = mine.Receipt with { Provider = other } };
        theirs = theirs with { ReceiptHash = BridgeHashes.ReceiptHash(theirs.Receipt) };

        var results = await Store.AddReceiptsAsync([theirs, mine, theirs]);

        Assert.Equal([true, true, false], results.Select(r => r.Created));
        Assert.Equal(other, results[0].Stored.Receipt.Provider);
        Assert.Equal(Provider, results[1].Stored.Receipt.Provider);
        Assert.Equal(results[0].Stored.Id, results[2].Stored.Id);
        Assert.Equal(theirs.ReceiptHash, (await Store.GetReceiptAsync(other, "r-1"))!.ReceiptHash);
        Assert.Equal(mine.ReceiptHash, (await Store.GetReceiptAsync(Provider, "r-1"))!.ReceiptHash);
    }

    private static StoredReceipt WithTexts(StoredReceipt stored, string taskId, string workload, string gpuModel, string networkId)
    {
        var receipt = stored.Receipt with { TaskId = taskId, Workload = workload, GpuModel = gpuModel, NetworkId = networkId };
        return stored with { Receipt = receipt, ReceiptHash = BridgeHashes.ReceiptHash(receipt) };
    }
}
