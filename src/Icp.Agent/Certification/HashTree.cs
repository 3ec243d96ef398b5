using System.Security.Cryptography;
using System.Text;

namespace Icp.Agent.Certification;

/// <summary>
/// A node of the IC's certified hash tree (Certification, "Encoding of certificates"): Empty, Fork, Labeled,
/// Leaf or Pruned. Nodes are immutable; each knows its depth, and construction refuses trees deeper than
/// <see cref="MaxDepth"/> so that every recursive walk over a tree is bounded, whatever its origin.
/// </summary>
public abstract partial class HashTree
{
    /// <summary>The deepest tree accepted (in nodes from root to the deepest leaf).</summary>
    public const int MaxDepth = 256;

    private byte[]? _digest;

    private protected HashTree(int depth)
    {
        if (depth > MaxDepth) throw new HashTreeException($"hash tree is deeper than {MaxDepth} nodes");
        Depth = depth;
    }

    /// <summary>Nodes on the longest path from this node to a leaf, counting both ends.</summary>
    public int Depth { get; }

    /// <summary>The empty tree.</summary>
    public static HashTree Empty { get; } = new EmptyNode();

    /// <summary>A fork of two subtrees.</summary>
    public static HashTree Fork(HashTree left, HashTree right) => new ForkNode(left, right);

    /// <summary>A labeled subtree.</summary>
    public static HashTree Labeled(ReadOnlySpan<byte> label, HashTree subtree) => new LabeledNode(label.ToArray(), subtree);

    /// <summary>A labeled subtree with a UTF-8 label.</summary>
    public static HashTree Labeled(string label, HashTree subtree) => new LabeledNode(Encoding.UTF8.GetBytes(label), subtree);

    /// <summary>A leaf holding a value.</summary>
    public static HashTree Leaf(ReadOnlySpan<byte> value) => new LeafNode(value.ToArray());

    /// <summary>A pruned subtree, standing for any tree with this 32-byte digest.</summary>
    public static HashTree Pruned(ReadOnlySpan<byte> digest) => new PrunedNode(digest.ToArray());

    /// <summary>
    /// <c>reconstruct</c>: the root hash, with the domain-separated SHA-256 of each node kind
    /// (a Pruned node contributes its stored hash). Cached, since nodes never change.
    /// </summary>
    public byte[] Digest() => (byte[])(_digest ??= ComputeDigest()).Clone();

    internal ReadOnlySpan<byte> DigestSpan => _digest ??= ComputeDigest();

    private protected abstract byte[] ComputeDigest();

    // Hashes in one pass over a stack buffer when the parts are small (every fork and most labels and leaves): a
    // tree's digest then allocates only the 32-byte results, whatever the tree's shape.
    private protected static byte[] Sha256(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default)
    {
        var length = a.Length + b.Length + c.Length;
        if (length > 512)
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(a);
            sha.AppendData(b);
            sha.AppendData(c);
            return sha.GetHashAndReset();
        }
        Span<byte> buffer = stackalloc byte[512];
        a.CopyTo(buffer);
        b.CopyTo(buffer[a.Length..]);
        c.CopyTo(buffer[(a.Length + b.Length)..]);
        return SHA256.HashData(buffer[..length]);
    }

    /// <summary>The Empty node: no labels at all.</summary>
    public sealed class EmptyNode : HashTree
    {
        internal EmptyNode() : base(1) { }

        private protected override byte[] ComputeDigest() => SHA256.HashData(DomainSeparators.HashTreeEmpty);

        /// <inheritdoc />
        public override string ToString() => "Empty";
    }

    /// <summary>A Fork: two subtrees whose labels are concatenated, left before right.</summary>
    public sealed class ForkNode : HashTree
    {
        internal ForkNode(HashTree left, HashTree right)
            : base(1 + Math.Max((left ?? throw new ArgumentNullException(nameof(left))).Depth, (right ?? throw new ArgumentNullException(nameof(right))).Depth))
        {
            Left = left;
            Right = right;
        }

        /// <summary>The left subtree.</summary>
        public HashTree Left { get; }

        /// <summary>The right subtree.</summary>
        public HashTree Right { get; }

        private protected override byte[] ComputeDigest() =>
            Sha256(DomainSeparators.HashTreeFork, Left.DigestSpan, Right.DigestSpan);

        /// <inheritdoc />
        public override string ToString() => $"Fork({Left}, {Right})";
    }

    /// <summary>A Labeled node: a subtree under a byte-string label.</summary>
    public sealed class LabeledNode : HashTree
    {
        private readonly byte[] _label;

        internal LabeledNode(byte[] label, HashTree subtree)
            : base(1 + (subtree ?? throw new ArgumentNullException(nameof(subtree))).Depth)
        {
            _label = label;
            Subtree = subtree;
        }

        /// <summary>The label's bytes.</summary>
        public ReadOnlySpan<byte> Label => _label;

        internal byte[] LabelArray => _label;

        /// <summary>The labeled subtree.</summary>
        public HashTree Subtree { get; }

        private protected override byte[] ComputeDigest() =>
            Sha256(DomainSeparators.HashTreeLabeled, _label, Subtree.DigestSpan);

        /// <inheritdoc />
        public override string ToString() => $"Labeled({HashTreeFormatting.Label(_label)}, {Subtree})";
    }

    /// <summary>A Leaf: a value.</summary>
    public sealed class LeafNode : HashTree
    {
        private readonly byte[] _value;

        internal LeafNode(byte[] value) : base(1) => _value = value;

        /// <summary>The value's bytes.</summary>
        public ReadOnlySpan<byte> Value => _value;

        private protected override byte[] ComputeDigest() => Sha256(DomainSeparators.HashTreeLeaf, _value);

        /// <inheritdoc />
        public override string ToString() => $"Leaf({HashTreeFormatting.Label(_value)})";
    }

    /// <summary>A Pruned node: only the digest of a subtree that was left out.</summary>
    public sealed class PrunedNode : HashTree
    {
        private readonly byte[] _hash;

        internal PrunedNode(byte[] hash) : base(1)
        {
            if (hash.Length != 32) throw new HashTreeException($"a pruned node holds a 32-byte hash, not {hash.Length} bytes");
            _hash = hash;
        }

        /// <summary>The stored digest.</summary>
        public ReadOnlySpan<byte> Hash => _hash;

        private protected override byte[] ComputeDigest() => _hash;

        /// <inheritdoc />
        public override string ToString() => $"Pruned({Convert.ToHexStringLower(_hash)})";
    }
}

/// <summary>A hash tree that is malformed: bad CBOR, a wrong node shape, too deep, or unsorted labels.</summary>
public sealed class HashTreeException : Exception
{
    /// <summary>An exception with a message.</summary>
    public HashTreeException(string message) : base(message) { }

    /// <summary>An exception with a message and its cause.</summary>
    public HashTreeException(string message, Exception inner) : base(message, inner) { }
}

internal static class HashTreeFormatting
{
    // Labels are mostly ASCII ("time", "canister") or principals; show text when it is printable, hex otherwise.
    public static string Label(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (b < 0x20 || b > 0x7e) return "0x" + Convert.ToHexStringLower(bytes);
        return "\"" + Encoding.ASCII.GetString(bytes) + "\"";
    }
}
