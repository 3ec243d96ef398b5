using System.Text;

namespace Icp.Agent.Certification;

/// <summary>
/// Builds hash trees for certified state: labeled levels from maps (labels sorted bytewise, forks balanced),
/// and witnesses that reveal only chosen paths and prune the rest.
/// </summary>
public static class HashTreeBuilder
{
    /// <summary>
    /// One level of labeled subtrees: the children are sorted by label (bytewise, as lookups require) and joined
    /// by a balanced tree of Forks. No children gives Empty.
    /// </summary>
    /// <exception cref="ArgumentException">A label appears twice.</exception>
    public static HashTree Labeled(IEnumerable<KeyValuePair<byte[], HashTree>> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var sorted = children.Select(c => HashTree.Labeled(c.Key ?? throw new ArgumentException("null label"), c.Value)).Cast<HashTree.LabeledNode>().ToList();
        sorted.Sort((a, b) => a.Label.SequenceCompareTo(b.Label));
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i - 1].Label.SequenceEqual(sorted[i].Label))
                throw new ArgumentException($"duplicate label {HashTreeFormatting.Label(sorted[i].Label)}");
        return sorted.Count == 0 ? HashTree.Empty : Balanced(sorted, 0, sorted.Count);
    }

    /// <summary>One level of labeled subtrees with UTF-8 labels.</summary>
    public static HashTree Labeled(IEnumerable<KeyValuePair<string, HashTree>> children) =>
        Labeled(children.Select(c => new KeyValuePair<byte[], HashTree>(Encoding.UTF8.GetBytes(c.Key), c.Value)));

    private static HashTree Balanced(List<HashTree.LabeledNode> nodes, int start, int count)
    {
        if (count == 1) return nodes[start];
        var half = count / 2;
        return HashTree.Fork(Balanced(nodes, start, half), Balanced(nodes, start + half, count - half));
    }

    /// <summary>
    /// A witness: the same root hash, with everything pruned except what is needed to look up each of
    /// <paramref name="paths"/>. A path that exists is revealed down to its end (the whole subtree there);
    /// a path that does not exist keeps the neighbouring labels that prove its absence. Labels are taken to be sorted
    /// within each level (as <see cref="Labeled(IEnumerable{KeyValuePair{byte[], HashTree}})"/> makes them and lookups
    /// require): forks whose label range holds nothing wanted are pruned without a walk.
    /// </summary>
    public static HashTree Prune(HashTree tree, IEnumerable<IReadOnlyList<byte[]>> paths)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(paths);
        var root = new Wanted();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var label in path) node = node.Child(label);
            node.Terminal = true;
        }
        return PruneSubtree(tree, root);
    }

    /// <summary>A witness for paths given as UTF-8 labels.</summary>
    public static HashTree Prune(HashTree tree, params string[][] paths) =>
        Prune(tree, paths.Select(p => (IReadOnlyList<byte[]>)HashTree.Path(p)));

    // A trie of the wanted paths; Terminal marks a path that ends here (reveal everything below).
    private sealed class Wanted
    {
        public bool Terminal;
        public readonly List<(byte[] Label, Wanted Next)> Children = [];

        public Wanted Child(byte[] label)
        {
            foreach (var (l, n) in Children)
                if (l.AsSpan().SequenceEqual(label)) return n;
            var next = new Wanted();
            Children.Add((label, next));
            return next;
        }
    }

    private static HashTree PruneSubtree(HashTree tree, Wanted wanted)
    {
        if (wanted.Terminal) return tree;
        if (wanted.Children.Count == 0) return HashTree.Pruned(tree.DigestSpan);
        if (tree is HashTree.EmptyNode or HashTree.PrunedNode or HashTree.LeafNode) return tree; // proves Absent / Unknown as it stands

        // Every wanted label present (the usual case): no neighbours to keep, and no need to list the whole level.
        if (wanted.Children.TrueForAll(c => Contains(tree, c.Label))) return PruneForks(tree, wanted, []).Node;

        // Labels that must stay visible: wanted labels that exist, and the neighbours of wanted labels that don't.
        var labels = tree.FlattenForks().OfType<HashTree.LabeledNode>().Select(l => l.Label.ToArray()).ToList();
        labels.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        var keepAsNeighbour = new List<byte[]>();
        foreach (var (label, _) in wanted.Children)
        {
            var index = labels.BinarySearch(label, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
            if (index >= 0) continue;
            var insertAt = ~index;
            if (insertAt > 0) keepAsNeighbour.Add(labels[insertAt - 1]);
            if (insertAt < labels.Count) keepAsNeighbour.Add(labels[insertAt]);
        }
        return PruneForks(tree, wanted, keepAsNeighbour).Node;
    }

    // Walks one level of forks. Returns the new node and whether it carries nothing needed (then the caller
    // may replace it, together with a prunable sibling, by a single Pruned node of the same digest).
    private static (HashTree Node, bool Prunable) PruneForks(HashTree node, Wanted wanted, List<byte[]> neighbours)
    {
        switch (node)
        {
            case HashTree.ForkNode f:
                // Labels are sorted, so a fork whose label range holds nothing wanted is pruned whole without a walk.
                if (!MayHold(f, wanted, neighbours)) return (HashTree.Pruned(f.DigestSpan), true);
                var (left, leftPrunable) = PruneForks(f.Left, wanted, neighbours);
                var (right, rightPrunable) = PruneForks(f.Right, wanted, neighbours);
                if (leftPrunable && rightPrunable) return (HashTree.Pruned(f.DigestSpan), true);
                return (HashTree.Fork(left, right), false);
            case HashTree.LabeledNode l:
                foreach (var (label, next) in wanted.Children)
                    if (l.Label.SequenceEqual(label)) return (HashTree.Labeled(l.Label, PruneSubtree(l.Subtree, next)), false);
                foreach (var n in neighbours)
                    if (l.Label.SequenceEqual(n)) return (HashTree.Labeled(l.Label, HashTree.Pruned(l.Subtree.DigestSpan)), false);
                return (HashTree.Pruned(l.DigestSpan), true);
            case HashTree.EmptyNode:
                return (node, true); // carries no labels; kept as is unless its sibling is pruned too
            case HashTree.PrunedNode:
                return (node, true);
            default:
                return (node, false); // a Leaf among labels (malformed): keep it, it cannot be summarised safely
        }
    }

    // Whether a labeled level holds `label`, found by descending its forks (labels are sorted left to right): a walk
    // of the path, not of the level. False also when the level's shape does not allow the descent (then the caller
    // takes the full walk, which gives the same answer).
    private static bool Contains(HashTree node, byte[] label)
    {
        while (true)
        {
            switch (node)
            {
                case HashTree.ForkNode f:
                    var lastOfLeft = LastLabel(f.Left);
                    node = lastOfLeft is null || label.AsSpan().SequenceCompareTo(lastOfLeft) > 0 ? f.Right : f.Left;
                    break;
                case HashTree.LabeledNode l:
                    return l.Label.SequenceEqual(label);
                default:
                    return false;
            }
        }
    }

    // Whether the labels under a fork may include a wanted label or a neighbour: false only when the fork's first and
    // last labels are known and none of them lies between.
    private static bool MayHold(HashTree.ForkNode fork, Wanted wanted, List<byte[]> neighbours)
    {
        var first = FirstLabel(fork);
        var last = LastLabel(fork);
        if (first is null || last is null) return true;
        foreach (var (label, _) in wanted.Children)
            if (Between(label, first, last)) return true;
        foreach (var label in neighbours)
            if (Between(label, first, last)) return true;
        return false;
    }

    private static bool Between(byte[] label, byte[] first, byte[] last) =>
        label.AsSpan().SequenceCompareTo(first) >= 0 && label.AsSpan().SequenceCompareTo(last) <= 0;

    // The first (last) label of a level of forks, found along its edge; null when the edge has no label or a Leaf
    // next to it (malformed), and then the level is walked in full.
    private static byte[]? FirstLabel(HashTree node) => EdgeLabel(node, first: true);

    private static byte[]? LastLabel(HashTree node) => EdgeLabel(node, first: false);

    private static byte[]? EdgeLabel(HashTree node, bool first)
    {
        switch (node)
        {
            case HashTree.LabeledNode l:
                return l.LabelArray;
            case HashTree.ForkNode f:
                var (near, far) = first ? (f.Left, f.Right) : (f.Right, f.Left);
                if (near is HashTree.LeafNode || far is HashTree.LeafNode) return null;
                return EdgeLabel(near, first) ?? (near is HashTree.ForkNode ? null : EdgeLabel(far, first));
            default:
                return null;
        }
    }
}
