using System.Formats.Cbor;
using Icp.Agent.Cbor;

namespace Icp.Agent.Certification;

/// <summary>
/// The CBOR form of hash trees: Empty <c>[0]</c>, Fork <c>[1, l, r]</c>, Labeled <c>[2, label, t]</c>,
/// Leaf <c>[3, value]</c>, Pruned <c>[4, hash]</c>.
/// </summary>
public static class HashTreeCbor
{
    /// <summary>The self-describing CBOR tag 55799 that may precede IC CBOR documents.</summary>
    public const ulong SelfDescribeTag = 55799;

    /// <summary>Decodes a tree from a complete CBOR document (an optional tag 55799 first).</summary>
    /// <exception cref="HashTreeException">Malformed CBOR, a wrong node shape, trailing bytes, or deeper than <see cref="HashTree.MaxDepth"/>.</exception>
    public static HashTree Decode(ReadOnlyMemory<byte> cbor)
    {
        var reader = new DeepCborReader(cbor);
        try
        {
            if (reader.BytesRemaining > 0 && reader.PeekMajor() == DeepCborReader.MajorTag && reader.ReadTag() != SelfDescribeTag)
                throw new HashTreeException("unexpected CBOR tag before the hash tree");
            var tree = Read(reader);
            if (reader.BytesRemaining != 0) throw new HashTreeException("trailing bytes after the hash tree");
            return tree;
        }
        catch (FormatException e) { throw new HashTreeException("malformed CBOR in hash tree: " + e.Message, e); }
    }

    internal static HashTree Read(DeepCborReader reader)
    {
        try { return ReadNode(reader, 1); }
        catch (FormatException e) { throw new HashTreeException("malformed CBOR in hash tree: " + e.Message, e); }
    }

    private static HashTree ReadNode(DeepCborReader reader, int depth)
    {
        // Checked before reading children, so hostile nesting stops here and not on the call stack.
        if (depth > HashTree.MaxDepth) throw new HashTreeException($"hash tree is deeper than {HashTree.MaxDepth} nodes");
        if (reader.PeekMajor() != DeepCborReader.MajorArray) throw new HashTreeException("a hash tree node is a CBOR array");
        var length = reader.ReadArrayHeader();
        if (length == 0) throw new HashTreeException("a hash tree node is a non-empty array");
        if (reader.PeekMajor() != DeepCborReader.MajorUnsigned) throw new HashTreeException("a hash tree node starts with its kind, an unsigned integer");
        var kind = reader.ReadUnsigned();
        switch (kind)
        {
            case 0:
                Expect(length, 1, "Empty");
                return HashTree.Empty;
            case 1:
                Expect(length, 3, "Fork");
                var left = ReadNode(reader, depth + 1);
                return HashTree.Fork(left, ReadNode(reader, depth + 1));
            case 2:
                Expect(length, 3, "Labeled");
                var label = ReadBytes(reader, "label");
                return HashTree.Labeled(label, ReadNode(reader, depth + 1));
            case 3:
                Expect(length, 2, "Leaf");
                return HashTree.Leaf(ReadBytes(reader, "leaf value"));
            case 4:
                Expect(length, 2, "Pruned");
                var hash = ReadBytes(reader, "pruned hash");
                if (hash.Length != 32) throw new HashTreeException($"a pruned node holds 32 bytes, not {hash.Length}");
                return HashTree.Pruned(hash);
            default:
                throw new HashTreeException($"unknown hash tree node kind {kind}");
        }
    }

    private static byte[] ReadBytes(DeepCborReader reader, string what)
    {
        if (reader.PeekMajor() != DeepCborReader.MajorBytes) throw new HashTreeException($"the {what} is a byte string");
        return reader.ReadBytes();
    }

    private static void Expect(int length, int expected, string kind)
    {
        if (length != expected) throw new HashTreeException($"a {kind} node has {expected} elements, not {length}");
    }

    /// <summary>Encodes a tree as CBOR (no tag), the form certificates and canister signatures carry.</summary>
    public static byte[] Encode(HashTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        // System.Formats.Cbor's writer also stops at 64 levels, and trees may be deeper: write the few item kinds by hand.
        var output = new List<byte>();
        Write(output, tree);
        return [.. output];
    }

    private static void Write(List<byte> output, HashTree tree)
    {
        switch (tree)
        {
            case HashTree.EmptyNode:
                output.Add(0x81); output.Add(0x00);
                break;
            case HashTree.ForkNode f:
                output.Add(0x83); output.Add(0x01); Write(output, f.Left); Write(output, f.Right);
                break;
            case HashTree.LabeledNode l:
                output.Add(0x83); output.Add(0x02); WriteBytes(output, l.Label); Write(output, l.Subtree);
                break;
            case HashTree.LeafNode leaf:
                output.Add(0x82); output.Add(0x03); WriteBytes(output, leaf.Value);
                break;
            case HashTree.PrunedNode p:
                output.Add(0x82); output.Add(0x04); WriteBytes(output, p.Hash);
                break;
        }
    }

    private static void WriteBytes(List<byte> output, ReadOnlySpan<byte> bytes)
    {
        // Shortest head for major type 2, as canonical CBOR requires.
        var n = (ulong)bytes.Length;
        if (n < 24) output.Add((byte)(0x40 | (int)n));
        else if (n <= byte.MaxValue) { output.Add(0x58); output.Add((byte)n); }
        else if (n <= ushort.MaxValue) { output.Add(0x59); output.Add((byte)(n >> 8)); output.Add((byte)n); }
        else { output.Add(0x5a); for (var s = 24; s >= 0; s -= 8) output.Add((byte)(n >> s)); }
        output.AddRange(bytes);
    }

    /// <summary>Writes a tree as an encoded value at a System.Formats.Cbor writer's position (for trees up to its nesting limit).</summary>
    public static void Write(CborWriter writer, HashTree tree)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteEncodedValue(Encode(tree));
    }
}
