using System.Numerics;
using System.Text.Json;
using Bridge.Core.Batches;
using Bridge.Core.Leaves;
using Bridge.Core.Merkle;
using Bridge.Core.Signatures;

namespace Bridge.Core.Tests;

public class LeafVectorTests
{
    private static void AssertLeafEquals(JsonElement v, ReceiptLeaf leaf)
    {
        static string? Hex(byte[]? b) => b is null ? null : Convert.ToHexStringLower(b);
        Assert.Equal(v.Str("network_id"), leaf.NetworkId);
        Assert.Equal(v.Str("receipt_id"), leaf.ReceiptId);
        Assert.Equal(v.Str("task_id"), leaf.TaskId);
        Assert.Equal(v.Str("provider"), leaf.Provider.ToString());
        Assert.Equal(v.Str("provider_owner"), leaf.ProviderOwner.ToString());
        Assert.Equal(v.Str("provider_public_key"), Hex(leaf.ProviderPublicKey));
        Assert.Equal(v.GetProperty("requester").Str("owner"), leaf.Requester.Owner.ToString());
        Assert.Equal(v.GetProperty("requester").GetProperty("subaccount").GetString(), Hex(leaf.Requester.Subaccount));
        Assert.Equal(v.GetProperty("requester_public_key").GetString(), Hex(leaf.RequesterPublicKey));
        Assert.Equal(v.Str("workload"), leaf.Workload);
        Assert.Equal(v.Str("gpu_model"), leaf.GpuModel);
        Assert.Equal(v.Str("gpu_seconds"), leaf.GpuSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(v.Str("started_at_ns"), leaf.StartedAtNs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(v.Str("ended_at_ns"), leaf.EndedAtNs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(v.Str("fee_token"), leaf.FeeToken.ToString());
        Assert.Equal(v.Big("fee_amount"), leaf.FeeAmount);
        Assert.Equal(v.GetProperty("fee_block").GetString(), leaf.FeeBlock?.ToString());
        Assert.Equal(v.Str("result_hash"), Hex(leaf.ResultHash));
        Assert.Equal(v.Str("receipt_hash"), Hex(leaf.ReceiptHash));
        Assert.Equal(v.Str("provider_signature"), Hex(leaf.ProviderSignature));
        Assert.Equal(v.GetProperty("requester_signature").GetString(), Hex(leaf.RequesterSignature));
    }

    [Fact]
    public void Leaves_decode_to_their_values_and_check_alone()
    {
        foreach (var l in Vectors.Array("leaf.json", "leaves"))
        {
            var bytes = l.GetProperty("bytes").Hex();
            var leaf = ReceiptLeafCodec.Decode(bytes);
            AssertLeafEquals(l.GetProperty("value"), leaf);
            Assert.Equal(l.Str("leaf_hash"), Convert.ToHexStringLower(ReceiptLeafCodec.LeafHash(bytes)));
            foreach (var v in Vectors.VerifierNames) Assert.Equal(LeafCheckResult.Valid, ReceiptLeafCheck.Check(leaf, Vectors.Verifier(v)));
            // Our own encoding decodes to the same value.
            AssertLeafEquals(l.GetProperty("value"), ReceiptLeafCodec.Decode(ReceiptLeafCodec.Encode(leaf)));
        }
    }

    [Fact]
    public void A_leaf_built_from_an_accepted_receipt_is_the_vector_leaf()
    {
        var l = Vectors.Array("leaf.json", "leaves").First();
        var r = Vectors.Array("receipts.json", "receipts").Single(x => x.Str("name") == l.Str("receipt"));
        var receipt = Receipts.ReceiptParser.Parse(System.Text.Encoding.UTF8.GetBytes(r.Str("body_text")));
        var context = Vectors.File("receipts.json").GetProperty("contexts").GetProperty("main");
        var node = Vectors.Nodes(context).Single(n => n.Provider == receipt.Provider);
        var leaf = ReceiptLeaf.From(receipt, node, Protocol.BridgeHashes.ReceiptHash(receipt));
        AssertLeafEquals(l.GetProperty("value"), ReceiptLeafCodec.Decode(ReceiptLeafCodec.Encode(leaf)));
    }

    [Fact]
    public void Tampered_leaves_fail_the_alone_check_with_the_first_reason()
    {
        var leaf = ReceiptLeafCodec.Decode(Vectors.Array("leaf.json", "leaves").First().GetProperty("bytes").Hex());
        Assert.Equal(LeafCheckResult.ReceiptHashMismatch, ReceiptLeafCheck.Check(leaf with { GpuSeconds = leaf.GpuSeconds + 1 }));
        var otherKey = Vectors.Array("principals.json", "keys").Single(k => k.Str("name") == "node-c").GetProperty("public_key_der").Hex();
        Assert.Equal(LeafCheckResult.ProviderKeyMismatch, ReceiptLeafCheck.Check(leaf with { ProviderPublicKey = otherKey }));
        var badSignature = (byte[])leaf.ProviderSignature.Clone();
        badSignature[0] ^= 1;
        Assert.Equal(LeafCheckResult.BadProviderSignature, ReceiptLeafCheck.Check(leaf with { ProviderSignature = badSignature }));
        Assert.Equal(LeafCheckResult.CountersignatureIncomplete, ReceiptLeafCheck.Check(leaf with { RequesterSignature = null }));
        Assert.Equal(LeafCheckResult.RequesterKeyMismatch, ReceiptLeafCheck.Check(leaf with { RequesterPublicKey = leaf.ProviderPublicKey }));
        Assert.Equal(LeafCheckResult.BadRequesterSignature, ReceiptLeafCheck.Check(leaf with { RequesterSignature = leaf.ProviderSignature }));
        Assert.Equal(LeafCheckResult.OutOfRange, ReceiptLeafCheck.Check(leaf with { FeeAmount = BigInteger.One << 128 }));
        Assert.Throws<FormatException>(() => ReceiptLeafCodec.Decode("DIDL\0\x01\x71\x00"u8.ToArray()));
        Assert.Throws<FormatException>(() => ReceiptLeafCodec.Decode([1, 2, 3]));
    }

    [Fact]
    public void The_batch_of_six_leaves_has_its_root_totals_and_proofs()
    {
        var batch = Vectors.File("leaf.json").GetProperty("batch");
        var leaves = batch.GetProperty("leaves").EnumerateArray().ToList();
        var pending = leaves.Select(l =>
        {
            var bytes = l.GetProperty("bytes").Hex();
            var leaf = ReceiptLeafCodec.Decode(bytes);
            Assert.Equal(l.Str("receipt_hash"), Convert.ToHexStringLower(leaf.ReceiptHash));
            Assert.Equal(LeafCheckResult.Valid, ReceiptLeafCheck.Check(leaf));
            return new PendingLeaf(leaf.ReceiptHash, bytes, (UInt128)leaf.FeeAmount, leaf.GpuSeconds);
        }).Reverse().ToList(); // the cutter orders them itself
        var cut = BatchCutter.Cut(pending, previous: null, genesisNs: 5, cutTimeNs: 9);
        var only = Assert.Single(cut);
        Assert.Equal(batch.Str("root"), Convert.ToHexStringLower(only.Header.Root));
        Assert.Equal((ulong)batch.GetProperty("receipt_count").GetInt32(), only.Header.ReceiptCount);
        Assert.Equal(batch.Big("total_fees"), only.Header.TotalFees);
        Assert.Equal(batch.Big("total_gpu_seconds"), only.Header.TotalGpuSeconds);
        Assert.Equal(1UL, only.Header.Sequence);
        Assert.Equal(new byte[32], only.Header.PreviousRoot);
        Assert.Equal((5UL, 9UL), (only.Header.WindowStartNs, only.Header.WindowEndNs));
        for (int i = 0; i < leaves.Count; i++)
        {
            Assert.Equal(leaves[i].Str("receipt_hash"), Convert.ToHexStringLower(only.Leaves[i].ReceiptHash));
            Assert.Equal(leaves[i].Str("leaf_hash"), Convert.ToHexStringLower(only.Tree.LeafHashAt(i)));
            var path = only.Tree.AuditPath(i);
            Assert.Equal(leaves[i].GetProperty("path").EnumerateArray().Select(p => p.GetString()), path.Select(Convert.ToHexStringLower));
            Assert.True(MerkleTree.VerifyInclusion(only.Tree.LeafHashAt(i), (ulong)i, only.Header.ReceiptCount, path, only.Header.Root));
        }
    }

    [Fact]
    public void A_cut_over_the_limit_makes_chained_batches()
    {
        var pending = Enumerable.Range(0, 5).Select(i =>
        {
            var hash = System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i));
            return new PendingLeaf(hash, hash, (UInt128)i, (ulong)i * 10);
        }).ToList();
        var previous = new BatchHeader
        {
            Sequence = 7, PreviousRoot = new byte[32], Root = Enumerable.Repeat((byte)9, 32).ToArray(), ReceiptCount = 1,
            TotalFees = 0, TotalGpuSeconds = 0, WindowStartNs = 100, WindowEndNs = 200,
        };
        var cut = BatchCutter.Cut(pending, previous, genesisNs: 0, cutTimeNs: 300, maxBatchReceipts: 2);
        Assert.Equal([2UL, 2UL, 1UL], cut.Select(b => b.Header.ReceiptCount));
        Assert.Equal([8UL, 9UL, 10UL], cut.Select(b => b.Header.Sequence));
        Assert.Equal(previous.Root, cut[0].Header.PreviousRoot);
        Assert.Equal(cut[0].Header.Root, cut[1].Header.PreviousRoot);
        Assert.Equal(cut[1].Header.Root, cut[2].Header.PreviousRoot);
        Assert.Equal([200UL, 300UL, 300UL], cut.Select(b => b.Header.WindowStartNs));
        Assert.All(cut, b => Assert.Equal(300UL, b.Header.WindowEndNs));
        var all = cut.SelectMany(b => b.Leaves).Select(l => l.ReceiptHash).ToList();
        Assert.Equal(all.OrderBy(h => h, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))), all);
        Assert.Equal(new BigInteger(10), cut.Aggregate(BigInteger.Zero, (s, b) => s + b.Header.TotalFees));
        Assert.Empty(BatchCutter.Cut([], previous, 0, 300));
    }
}
