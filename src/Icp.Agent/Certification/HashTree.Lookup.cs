using System.Text;

namespace Icp.Agent.Certification;

public abstract partial class HashTree
{
    /// <summary>A path of labels from UTF-8 strings, for lookups like <c>("time")</c>.</summary>
    public static byte[][] Path(params string[] labels) => [.. labels.Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// The spec's <c>lookup_path</c>: Found with the leaf value, Absent when the tree proves the path is not
    /// there, Unknown when a pruned node could hide it, Error when the path stops at a Fork or Labeled node.
    /// </summary>
    public LookupResult Lookup(params byte[][] path) => Lookup((IReadOnlyList<byte[]>)path);

    /// <summary>The spec's <c>lookup_path</c> with UTF-8 labels.</summary>
    public LookupResult Lookup(params string[] path) => Lookup(Path(path));

    /// <summary>The spec's <c>lookup_path</c> over a list of labels.</summary>
    public LookupResult Lookup(IReadOnlyList<byte[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (status, node) = Descend(path);
        if (status != LookupStatus.Found) return new LookupResult(status, null);
        return node switch
        {
            EmptyNode => LookupResult.Absent,
            LeafNode leaf => new LookupResult(LookupStatus.Found, leaf.Value.ToArray()),
            PrunedNode => LookupResult.Unknown,
            _ => LookupResult.Error, // Fork or Labeled: the path is incomplete, there is no value here
        };
    }

    /// <summary>
    /// Follows <paramref name="path"/> like <see cref="Lookup(IReadOnlyList{byte[]})"/>, but returns whatever node is
    /// there (Found also for a Fork, Labeled, Empty or Pruned node at the end of the path).
    /// </summary>
    public SubtreeLookupResult LookupSubtree(params byte[][] path) => LookupSubtree((IReadOnlyList<byte[]>)path);

    /// <summary>Subtree lookup with UTF-8 labels.</summary>
    public SubtreeLookupResult LookupSubtree(params string[] path) => LookupSubtree(Path(path));

    /// <summary>Subtree lookup over a list of labels.</summary>
    public SubtreeLookupResult LookupSubtree(IReadOnlyList<byte[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (status, node) = Descend(path);
        return new SubtreeLookupResult(status, status == LookupStatus.Found ? node : null);
    }

    /// <summary>
    /// The nodes one level down: the spec's <c>flatten_forks</c>, i.e. the non-Empty nodes reached through Forks only,
    /// in order. In a well-formed tree these are Labeled nodes (or one Leaf), possibly with Pruned nodes between them.
    /// </summary>
    public IReadOnlyList<HashTree> FlattenForks()
    {
        var result = new List<HashTree>();
        // Explicit stack, right child pushed first so the left side comes out first.
        var stack = new Stack<HashTree>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            switch (node)
            {
                case EmptyNode: break;
                case ForkNode f: stack.Push(f.Right); stack.Push(f.Left); break;
                default: result.Add(node); break;
            }
        }
        return result;
    }

    /// <summary>
    /// The labeled children one level below <paramref name="path"/> (e.g. the subnet ids under <c>/subnet</c>).
    /// <paramref name="complete"/> is false when a pruned node at that level could hide further children.
    /// </summary>
    public IReadOnlyList<KeyValuePair<byte[], HashTree>> ListChildren(IReadOnlyList<byte[]> path, out bool complete)
    {
        var found = LookupSubtree(path);
        complete = false;
        if (found.Status == LookupStatus.Absent) { complete = true; return []; }
        if (!found.IsFound) return [];
        var items = found.Subtree!.FlattenForks();
        complete = !items.Any(n => n is PrunedNode);
        return [.. items.OfType<LabeledNode>().Select(l => new KeyValuePair<byte[], HashTree>(l.Label.ToArray(), l.Subtree))];
    }

    /// <summary>Every path from this node to a Leaf, with the leaf values, in tree order.</summary>
    public IReadOnlyList<KeyValuePair<byte[][], byte[]>> ListLeaves()
    {
        var result = new List<KeyValuePair<byte[][], byte[]>>();
        Collect(this, [], result);
        return result;

        static void Collect(HashTree node, List<byte[]> prefix, List<KeyValuePair<byte[][], byte[]>> acc)
        {
            // Recursion depth is bounded by MaxDepth, which construction enforces.
            switch (node)
            {
                case LeafNode leaf: acc.Add(new([.. prefix], leaf.Value.ToArray())); break;
                case ForkNode f: Collect(f.Left, prefix, acc); Collect(f.Right, prefix, acc); break;
                case LabeledNode l:
                    prefix.Add(l.Label.ToArray());
                    Collect(l.Subtree, prefix, acc);
                    prefix.RemoveAt(prefix.Count - 1);
                    break;
            }
        }
    }

    private (LookupStatus, HashTree?) Descend(IReadOnlyList<byte[]> path)
    {
        HashTree node = this;
        foreach (var label in path)
        {
            ArgumentNullException.ThrowIfNull(label);
            var (status, next) = FindLabel(label, node.FlattenForks());
            if (status != LookupStatus.Found) return (status, null);
            node = next!;
        }
        return (LookupStatus.Found, node);
    }

    /// <summary>The spec's <c>find_label</c> over a flattened list of nodes.</summary>
    internal static (LookupStatus, HashTree?) FindLabel(ReadOnlySpan<byte> label, IReadOnlyList<HashTree> items)
    {
        if (items.Count == 0) return (LookupStatus.Absent, null);
        // A list holding only a leaf has no labels at all.
        if (items is [LeafNode]) return (LookupStatus.Absent, null);
        // An exact match wins wherever it is.
        foreach (var item in items)
            if (item is LabeledNode m && label.SequenceEqual(m.Label)) return (LookupStatus.Found, m.Subtree);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not LabeledNode l) continue;
            if (label.SequenceCompareTo(l.Label) < 0)
            {
                // The label would sort before l: it is provably absent if l is first, or if the node just
                // before l is a Labeled node with a smaller label (adjacent labels leave no room for it).
                if (i == 0) return (LookupStatus.Absent, null);
                if (items[i - 1] is LabeledNode prev && prev.Label.SequenceCompareTo(label) < 0) return (LookupStatus.Absent, null);
                return (LookupStatus.Unknown, null);
            }
        }
        // Larger than every label: absent only if the last node is a Labeled one (no pruned tail).
        return items[^1] is LabeledNode last && last.Label.SequenceCompareTo(label) < 0
            ? (LookupStatus.Absent, null)
            : (LookupStatus.Unknown, null);
    }
}
