using Icp.Agent.Certification;

namespace Icp.Replica.Certification;

/// <summary>
/// The labeled level under <c>/request_status</c>, kept up to date one request at a time: a binary trie over the bits of
/// the 32-byte request ids whose branching nodes are the tree's Forks. Zero bits sort before one bits, so the labels
/// stay in bytewise order (which lookups and witnesses need; the spec does not fix the shape of the Forks). Each trie
/// node caches its hash tree, so a changed status rehashes only its own path: O(log n) hashes instead of the whole
/// level every round, however many statuses are kept.
/// </summary>
internal sealed class RequestStatusTree
{
    /// <summary>The length of the ids the trie holds (request ids are SHA-256 hashes).</summary>
    public const int IdLength = 32;

    private Node? _root;

    /// <summary>Number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Adds or replaces the labeled entry for <paramref name="id"/> (32 bytes).</summary>
    public void Set(byte[] id, HashTree entry)
    {
        if (id.Length != IdLength) throw new ArgumentException($"a request id is {IdLength} bytes, not {id.Length}", nameof(id));
        _root = Insert(_root, new Node { Id = id, Entry = entry }, 0);
    }

    /// <summary>Removes the entry for <paramref name="id"/>, if present.</summary>
    public void Remove(byte[] id)
    {
        if (id.Length == IdLength) _root = Delete(_root, id, 0);
    }

    /// <summary>The level as a hash tree: Empty, one labeled entry, or Forks of them in label order.</summary>
    public HashTree Tree() => _root is null ? HashTree.Empty : Build(_root);

    private static bool Bit(byte[] id, int depth) => (id[depth >> 3] & (0x80 >> (depth & 7))) != 0;

    private Node Insert(Node? node, Node leaf, int depth)
    {
        if (node is null)
        {
            Count++;
            return leaf;
        }
        if (node.Id is { } existing)
        {
            if (existing.AsSpan().SequenceEqual(leaf.Id)) return leaf; // replaced
            // Two different ids: branch where their bits first differ (distinct ids of one length always do).
            var branch = new Node();
            if (Bit(existing, depth)) branch.One = node; else branch.Zero = node;
            return Insert(branch, leaf, depth);
        }
        node.Tree = null;
        if (Bit(leaf.Id!, depth)) node.One = Insert(node.One, leaf, depth + 1);
        else node.Zero = Insert(node.Zero, leaf, depth + 1);
        return node;
    }

    private Node? Delete(Node? node, byte[] id, int depth)
    {
        if (node is null) return null;
        if (node.Id is { } existing)
        {
            if (!existing.AsSpan().SequenceEqual(id)) return node;
            Count--;
            return null;
        }
        node.Tree = null;
        if (Bit(id, depth)) node.One = Delete(node.One, id, depth + 1);
        else node.Zero = Delete(node.Zero, id, depth + 1);
        // A branch left empty goes, and one left with a single leaf below it becomes that leaf.
        return (node.Zero, node.One) switch
        {
            (null, null) => null,
            ({ Id: not null } only, null) => only,
            (null, { Id: not null } only) => only,
            _ => node,
        };
    }

    private static HashTree Build(Node node)
    {
        if (node.Entry is { } entry) return entry;
        if (node.Tree is { } cached) return cached;
        var tree = (node.Zero, node.One) switch
        {
            ({ } zero, { } one) => HashTree.Fork(Build(zero), Build(one)),
            ({ } zero, null) => Build(zero),
            (null, { } one) => Build(one),
            _ => HashTree.Empty,
        };
        node.Tree = tree;
        return tree;
    }

    private sealed class Node
    {
        public byte[]? Id;
        public HashTree? Entry;
        public HashTree? Tree;
        public Node? Zero;
        public Node? One;
    }
}
