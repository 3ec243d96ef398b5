using System.Text;
using System.Text.Json;
using Icp.Agent.Certification;

namespace Icp.Agent.Tests;

public class HashTreeTests
{
    private static readonly JsonElement Data = Vectors.Load("hash_tree.json");
    private static JsonElement Spec => Data.GetProperty("spec_example");

    private static HashTree Tree(string hex) => HashTreeCbor.Decode(Vectors.Hex(hex));

    private static string[] PathOf(JsonElement p) => [.. p.EnumerateArray().Select(x => x.GetString()!)];

    private static void AssertLookup(HashTree tree, JsonElement lookup, string resultProperty = "result")
    {
        var path = PathOf(lookup.GetProperty("path"));
        var expected = Enum.Parse<LookupStatus>(lookup.GetProperty(resultProperty).GetString()!);
        var result = tree.Lookup(path);
        Assert.True(expected == result.Status, $"path /{string.Join('/', path)}: expected {expected}, got {result.Status}");
        if (lookup.TryGetProperty("value_utf8", out var v)) Assert.Equal(v.GetString(), Encoding.UTF8.GetString(result.Value!));
    }

    [Fact]
    public void DomainSeparatorBytes()
    {
        var d = Data.GetProperty("domain_separator_bytes");
        Assert.Equal(d.GetProperty("ic-hashtree-empty").GetString(), Vectors.Hex(DomainSeparators.HashTreeEmpty));
        Assert.Equal(d.GetProperty("ic-hashtree-fork").GetString(), Vectors.Hex(DomainSeparators.HashTreeFork));
        Assert.Equal(d.GetProperty("ic-hashtree-labeled").GetString(), Vectors.Hex(DomainSeparators.HashTreeLabeled));
        Assert.Equal(d.GetProperty("ic-hashtree-leaf").GetString(), Vectors.Hex(DomainSeparators.HashTreeLeaf));
        Assert.Equal(d.GetProperty("ic-state-root").GetString(), Vectors.Hex(DomainSeparators.StateRoot));
    }

    [Fact]
    public void SpecExampleReconstructsAndReencodes()
    {
        var full = Tree(Spec.GetProperty("full_tree_cbor_hex").GetString()!);
        var pruned = Tree(Spec.GetProperty("pruned_tree_cbor_hex").GetString()!);
        Assert.Equal(Spec.GetProperty("root_hash").GetString(), Vectors.Hex(full.Digest()));
        Assert.Equal(Spec.GetProperty("pruned_root_hash").GetString(), Vectors.Hex(pruned.Digest()));
        Assert.Equal(Spec.GetProperty("full_tree_cbor_hex").GetString(), Vectors.Hex(HashTreeCbor.Encode(full)));
        Assert.Equal(Spec.GetProperty("pruned_tree_cbor_hex").GetString(), Vectors.Hex(HashTreeCbor.Encode(pruned)));
    }

    [Fact]
    public void SpecLookupsOnPrunedTree()
    {
        var pruned = Tree(Spec.GetProperty("pruned_tree_cbor_hex").GetString()!);
        foreach (var l in Spec.GetProperty("lookups_on_pruned_tree_from_spec").EnumerateArray()) AssertLookup(pruned, l);
    }

    [Fact]
    public void LookupsOnFullTree()
    {
        var full = Tree(Spec.GetProperty("full_tree_cbor_hex").GetString()!);
        foreach (var l in Spec.GetProperty("lookups_on_full_tree_derived").EnumerateArray()) AssertLookup(full, l);
    }

    [Fact]
    public void WitnessForSpecPathsEqualsTheSpecsPrunedTree()
    {
        var full = Tree(Spec.GetProperty("full_tree_cbor_hex").GetString()!);
        var paths = Spec.GetProperty("pruned_by_paths").EnumerateArray().Select(PathOf).ToArray();
        var witness = HashTreeBuilder.Prune(full, paths);
        Assert.Equal(Spec.GetProperty("pruned_tree_cbor_hex").GetString(), Vectors.Hex(HashTreeCbor.Encode(witness)));
    }

    [Fact]
    public void AgentJsTree()
    {
        var js = Data.GetProperty("agent_js_lookup_tree");
        var tree = Tree(js.GetProperty("tree_cbor_hex").GetString()!);
        Assert.Equal(js.GetProperty("root_hash_derived").GetString(), Vectors.Hex(tree.Digest()));
        foreach (var l in js.GetProperty("lookups").EnumerateArray())
        {
            AssertLookup(tree, l, "spec_lookup_path");
            var expected = Enum.Parse<LookupStatus>(l.GetProperty("subtree_lookup").GetString()!);
            Assert.Equal(expected, tree.LookupSubtree(PathOf(l.GetProperty("path"))).Status);
        }
    }

    [Fact]
    public void ErrorAndEdgeCases()
    {
        foreach (var c in Data.GetProperty("error_and_edge_cases").GetProperty("cases").EnumerateArray())
        {
            var tree = Tree(c.GetProperty("tree_cbor_hex").GetString()!);
            var expected = Enum.Parse<LookupStatus>(c.GetProperty("expected").GetString()!);
            Assert.True(expected == tree.Lookup(PathOf(c.GetProperty("path"))).Status, c.GetProperty("name").GetString());
        }
    }

    [Fact]
    public void BuiltTreesLookUpAndWitnessesKeepTheRootHash()
    {
        var labels = Enumerable.Range(0, 37).Select(i => $"k{i:D3}").ToArray();
        var tree = HashTreeBuilder.Labeled(new KeyValuePair<string, HashTree>[]
        {
            new("time", HashTree.Leaf([1, 2])),
            new("data", HashTreeBuilder.Labeled(labels.Select(l => new KeyValuePair<string, HashTree>(l, HashTree.Leaf(Encoding.UTF8.GetBytes("v" + l)))))),
        });
        foreach (var l in labels) Assert.Equal("v" + l, Encoding.UTF8.GetString(tree.Lookup("data", l).Value!));
        Assert.Equal(LookupStatus.Absent, tree.Lookup("data", "k0105").Status);
        Assert.Equal(LookupStatus.Absent, tree.Lookup("data", "a").Status);
        Assert.Equal(LookupStatus.Absent, tree.Lookup("data", "z").Status);

        var witness = HashTreeBuilder.Prune(tree, ["data", "k010"], ["data", "k0105"], ["data", "zzz"], ["nothing"], ["time"]);
        Assert.Equal(tree.Digest(), witness.Digest());
        Assert.Equal("vk010", Encoding.UTF8.GetString(witness.Lookup("data", "k010").Value!));
        Assert.Equal(LookupStatus.Absent, witness.Lookup("data", "k0105").Status);
        Assert.Equal(LookupStatus.Absent, witness.Lookup("data", "zzz").Status);
        Assert.Equal(LookupStatus.Absent, witness.Lookup("nothing").Status);
        Assert.Equal(LookupStatus.Found, witness.Lookup("time").Status);
        Assert.Equal(LookupStatus.Unknown, witness.Lookup("data", "k020").Status);
        Assert.True(HashTreeCbor.Encode(witness).Length < HashTreeCbor.Encode(tree).Length, $"{HashTreeCbor.Encode(witness).Length} vs {HashTreeCbor.Encode(tree).Length}");

        var children = tree.ListChildren(HashTree.Path("data"), out var complete);
        Assert.True(complete);
        Assert.Equal(labels, children.Select(c => Encoding.UTF8.GetString(c.Key)));
        witness.ListChildren(HashTree.Path("data"), out var witnessComplete);
        Assert.False(witnessComplete);
        Assert.Equal(38, tree.ListLeaves().Count);
        Assert.Throws<ArgumentException>(() => HashTreeBuilder.Labeled(new KeyValuePair<string, HashTree>[] { new("a", HashTree.Empty), new("a", HashTree.Empty) }));
        Assert.Same(HashTree.Empty, HashTreeBuilder.Labeled(Array.Empty<KeyValuePair<string, HashTree>>()));
    }

    [Fact]
    public void WitnessesInALargeLevelRevealOnlyThePathAndProveAbsenceByNeighbours()
    {
        var labels = Enumerable.Range(0, 2000).Select(i => $"r{i * 2:D5}").ToArray(); // even numbers only
        var tree = HashTreeBuilder.Labeled(new KeyValuePair<string, HashTree>[]
        {
            new("request_status", HashTreeBuilder.Labeled(labels.Select(l => new KeyValuePair<string, HashTree>(l, HashTree.Leaf(Encoding.UTF8.GetBytes("v" + l)))))),
            new("time", HashTree.Leaf([7])),
        });
        foreach (var i in new[] { 0, 1, 999, 1000, 1998, 1999 })
        {
            var witness = HashTreeBuilder.Prune(tree, ["request_status", labels[i]], ["time"]);
            Assert.Equal(tree.Digest(), witness.Digest());
            Assert.Equal("v" + labels[i], Encoding.UTF8.GetString(witness.Lookup("request_status", labels[i]).Value!));
            // Only the path: one pruned sibling per fork level (11 for 2000 labels), not the level's 2000 labels.
            Assert.True(HashTreeCbor.Encode(witness).Length < 600, $"{HashTreeCbor.Encode(witness).Length} bytes");
            Assert.Equal(LookupStatus.Unknown, witness.Lookup("request_status", labels[(i + 1) % labels.Length]).Status);
        }
        foreach (var absent in new[] { "r00001", "r01999", "a", "z" })
        {
            var witness = HashTreeBuilder.Prune(tree, ["request_status", absent]);
            Assert.Equal(tree.Digest(), witness.Digest());
            Assert.Equal(LookupStatus.Absent, witness.Lookup("request_status", absent).Status);
        }
        var two = HashTreeBuilder.Prune(tree, ["request_status", labels[3]], ["request_status", "r00005"]);
        Assert.Equal("v" + labels[3], Encoding.UTF8.GetString(two.Lookup("request_status", labels[3]).Value!));
        Assert.Equal(LookupStatus.Absent, two.Lookup("request_status", "r00005").Status);
    }

    [Theory]
    [InlineData("")]                       // nothing
    [InlineData("83")]                     // truncated array
    [InlineData("8105")]                   // unknown kind
    [InlineData("820441")]                 // pruned with a truncated byte string
    [InlineData("8204420102")]             // pruned with 2 bytes, not 32
    [InlineData("83024161")]               // labeled without subtree
    [InlineData("8302616181 00")]          // label as text, not bytes
    [InlineData("a0")]                     // a map, not an array
    [InlineData("81008100")]               // trailing bytes
    [InlineData("820300")]                 // leaf value as integer
    public void MalformedTreesGiveAClearException(string hex) =>
        Assert.Throws<HashTreeException>(() => HashTreeCbor.Decode(Vectors.Hex(hex.Replace(" ", ""))));

    [Fact]
    public void DeepNestingIsCappedNotACrash()
    {
        // 100 000 nested forks: [1, [1, [1, ... ]]] — a naive recursive decoder would overflow the stack.
        const int depth = 100_000;
        var bytes = new List<byte>();
        for (var i = 0; i < depth; i++) bytes.AddRange([0x83, 0x01]);
        bytes.AddRange([0x81, 0x00]);
        for (var i = 0; i < depth; i++) bytes.AddRange([0x81, 0x00]);
        var e = Assert.Throws<HashTreeException>(() => HashTreeCbor.Decode(bytes.ToArray()));
        Assert.Contains("deep", e.Message);

        HashTree t = HashTree.Empty;
        Assert.Throws<HashTreeException>(() => { for (var i = 0; i < depth; i++) t = HashTree.Labeled("x", t); });
    }
}
