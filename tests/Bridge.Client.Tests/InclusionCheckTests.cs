using Bridge.Client.Models;
using Bridge.Client.Proofs;
using Bridge.Core.Merkle;

namespace Bridge.Client.Tests;

/// <summary>The offline part of the proof check on leaf.json's batch of six: the leaf must carry the receipt's hash and
/// the path must lead to the root at the header's receipt_count.</summary>
public sealed class InclusionCheckTests
{
    private static byte[] Root => Convert.FromHexString((string)Vectors.LeafBatch["root"]!);

    private static ulong Count => ulong.Parse(Vectors.LeafBatch["receipt_count"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    public static IEnumerable<object[]> Indexes() => Enumerable.Range(0, 6).Select(i => new object[] { i });

    private static (ReceiptStatus Status, byte[] Hash) Leaf(int index)
    {
        var leaf = Vectors.LeafBatch["leaves"]!.AsArray()[index]!;
        var hash = Convert.FromHexString((string)leaf["receipt_hash"]!);
        var status = new ReceiptStatus(hash, ReceiptState.Final, 1, (ulong)index, Count, Convert.FromHexString((string)leaf["bytes"]!),
            leaf["path"]!.AsArray().Select(p => Convert.FromHexString((string)p!)).ToList());
        return (status, hash);
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Every_leaf_of_the_vector_batch_is_proven_at_its_receipt_count(int index)
    {
        var (status, hash) = Leaf(index);
        Assert.Null(RollupProofVerifier.CheckInclusion(status, hash, Root, Count));
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void A_wrong_size_index_hash_or_path_fails(int index)
    {
        var (status, hash) = Leaf(index);
        Assert.NotNull(RollupProofVerifier.CheckInclusion(status, hash, Root, Count + 3));
        Assert.NotNull(RollupProofVerifier.CheckInclusion(status with { LeafIndex = (ulong)((index + 1) % 6) }, hash, Root, Count));
        Assert.NotNull(RollupProofVerifier.CheckInclusion(status, MerkleTree.EmptyRoot, Root, Count));
        var tampered = status.Proof!.Select(p => (byte[])p.Clone()).ToList();
        tampered[0][0] ^= 1;
        Assert.NotNull(RollupProofVerifier.CheckInclusion(status with { Proof = tampered }, hash, Root, Count));
    }

    [Fact]
    public void A_proof_is_checked_only_against_the_batch_it_names_at_that_batchs_count()
    {
        var (status, hash) = Leaf(2);
        var valid = RollupProofVerifier.Verify(status, new RollupBatchRoot(1, Root, Count, RollupBatchState.Final, RootCertified: true), hash);
        Assert.True(valid.IsValid, valid.Failure);
        Assert.True(valid.RootCertified);
        Assert.False(RollupProofVerifier.Verify(status, new RollupBatchRoot(2, Root, Count, RollupBatchState.Final, false), hash).IsValid);
        Assert.False(RollupProofVerifier.Verify(status, new RollupBatchRoot(1, Root, Count + 3, RollupBatchState.Final, false), hash).IsValid);
        Assert.False(RollupProofVerifier.Verify(status, null, hash).IsValid);
        Assert.False(RollupProofVerifier.Verify(status with { State = ReceiptState.Accepted, Batch = null }, null, hash).IsValid);
    }

    [Fact]
    public void A_leaf_that_is_not_a_receipt_leaf_fails_with_a_reason()
    {
        var (status, hash) = Leaf(0);
        var failure = RollupProofVerifier.CheckInclusion(status with { Leaf = [1, 2, 3] }, hash, Root, Count);
        Assert.Contains("not a ReceiptLeaf", failure);
    }
}
