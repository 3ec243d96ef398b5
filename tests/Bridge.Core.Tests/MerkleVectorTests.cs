using Bridge.Core.Merkle;

namespace Bridge.Core.Tests;

public class MerkleVectorTests
{
    private static List<byte[]> Leaves() => [.. Vectors.Array("merkle.json", "leaves").Select(l => l.Hex())];

    [Fact]
    public void Roots_of_0_to_9_leaves_match()
    {
        var leaves = Leaves();
        foreach (var r in Vectors.Array("merkle.json", "roots"))
        {
            int size = r.GetProperty("size").GetInt32();
            var tree = MerkleTree.FromLeaves(leaves.Take(size).ToList());
            Assert.Equal(r.Str("root"), Convert.ToHexStringLower(tree.Root));
            Assert.Equal(size, tree.Size);
        }
    }

    [Fact]
    public void Every_audit_path_matches_and_verifies()
    {
        var leaves = Leaves();
        int checkedPaths = 0;
        foreach (var p in Vectors.Array("merkle.json", "proofs"))
        {
            int size = p.GetProperty("size").GetInt32(), index = p.GetProperty("index").GetInt32();
            var tree = MerkleTree.FromLeaves(leaves.Take(size).ToList());
            Assert.Equal(p.Str("leaf_hash"), Convert.ToHexStringLower(tree.LeafHashAt(index)));
            Assert.Equal(p.Str("leaf_hash"), Convert.ToHexStringLower(MerkleTree.LeafHash(p.GetProperty("leaf").Hex())));
            var path = tree.AuditPath(index);
            Assert.Equal(p.GetProperty("path").EnumerateArray().Select(h => h.GetString()), path.Select(Convert.ToHexStringLower));
            Assert.Equal(path.Length, tree.AuditPathLength(index));
            Assert.True(MerkleTree.VerifyInclusion(tree.LeafHashAt(index), (ulong)index, (ulong)size, path, p.GetProperty("root").Hex()));
            Assert.False(MerkleTree.VerifyInclusion(tree.LeafHashAt(index), (ulong)size, (ulong)size, path, p.GetProperty("root").Hex()));
            Assert.False(MerkleTree.VerifyInclusion(tree.LeafHashAt(index), (ulong)index, (ulong)size, [.. path, new byte[32]], p.GetProperty("root").Hex()));
            checkedPaths++;
        }
        Assert.Equal(45, checkedPaths);
    }

    [Fact]
    public void Verification_cases_have_their_outcome()
    {
        foreach (var c in Vectors.Array("merkle.json", "verification_cases"))
        {
            var path = c.GetProperty("path").EnumerateArray().Select(h => h.Hex()).ToList();
            bool ok = MerkleTree.VerifyInclusion(MerkleTree.LeafHash(c.GetProperty("leaf").Hex()), c.GetProperty("index").GetUInt64(),
                c.GetProperty("size").GetUInt64(), path, c.GetProperty("root").Hex());
            Assert.True(c.GetProperty("expected").GetBoolean() == ok, c.Str("name"));
        }
    }

    [Fact]
    public void Large_trees_agree_with_the_recursive_definition()
    {
        // RFC 6962 MTH: split at the largest power of two below n. Checked against the level arrays for sizes
        // that cross the parallel threshold and odd promotions at several levels.
        static byte[] Mth(List<byte[]> hashes, int from, int n)
        {
            if (n == 1) return hashes[from];
            int k = 1;
            while (k * 2 < n) k *= 2;
            var node = new byte[32];
            MerkleTree.NodeHash(Mth(hashes, from, k), Mth(hashes, from + k, n - k), node);
            return node;
        }
        foreach (int size in new[] { 17, 1000, 20_001 })
        {
            var leaves = Enumerable.Range(0, size).Select(i => BitConverter.GetBytes(i)).ToList();
            var tree = MerkleTree.FromLeaves(leaves);
            var hashes = leaves.Select(l => MerkleTree.LeafHash(l)).ToList();
            Assert.Equal(Mth(hashes, 0, size), tree.Root);
            foreach (int i in new[] { 0, size / 2, size - 1 })
                Assert.True(MerkleTree.VerifyInclusion(hashes[i], (ulong)i, (ulong)size, tree.AuditPath(i), tree.Root));
        }
    }
}
