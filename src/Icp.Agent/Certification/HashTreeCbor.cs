using System.Formats.Cbor;

namespace Icp.Agent.Certification;

/// <summary>
/// The CBOR form of hash trees: Empty <c>[0]</c>, Fork <c>[1, l, r]</c>, Labeled <c>[2, label, t]</c>,
/// Leaf <c>[3, value]</c>, Pruned <c>[4, hash]</c>.
/// </summary>
public static class HashTreeCbor
{
    /// <summary>The self-describing CBOR tag 55799 that may precede IC CBOR documents.</summary>
    public const ulong SelfDescribeTag = 55799;

    /// <summary>Decodes a tree from a complete CBOR document.</summary>
    /// <exception cref="HashTreeException">Malformed CBOR, a wrong node shape, trailing bytes, or too deep.</exception>
    public static HashTree Decode(ReadOnlyMemory<byte> cbor)
    {
        var reader = new CborReader(cbor, CborConformanceMode.Lax);
        try
        {
            var tree = Read(reader);
            if (reader.BytesRemaining != 0) throw new HashTreeException("trailing bytes after the hash tree");
            return tree;
        }
        catch (CborContentException e) { throw new HashTreeException("malformed CBOR in hash tree: " + e.Message, e); }
        catch (InvalidOperationException e) { throw new HashTreeException("unexpected CBOR item in hash tree: " + e.Message, e); }
    }

    /// <summary>Reads one tree at the reader's position (used inside certificates).</summary>
    /// <exception cref="HashTreeException">A wrong node shape or too deep.</exception>
    public static HashTree Read(CborReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.PeekState() == CborReaderState.Tag && reader.PeekTag() == (CborTag)SelfDescribeTag) reader.ReadTag();
        return ReadNode(reader, 1);
    }

    private static HashTree ReadNode(CborReader reader, int depth)
    {
        // Checked before reading children so hostile nesting stops here, not on the call stack.
        if (depth > HashTree.MaxDepth) throw new HashTreeException($"hash tree is deeper than {HashTree.MaxDepth} nodes");
        if (reader.PeekState() != CborReaderState.StartArray) throw new HashTreeException($"a hash tree node is an array, found {reader.PeekState()}");
        var length = reader.ReadStartArray();
        if (length is null or 0) throw new HashTreeException("a hash tree node is a non-empty definite-length array");
        var kind = ReadKind(reader);
        HashTree node;
        switch (kind)
        {
            case 0:
                Expect(length, 1, "Empty");
                node = HashTree.Empty;
                break;
            case 1:
                Expect(length, 3, "Fork");
                var left = ReadNode(reader, depth + 1);
                var right = ReadNode(reader, depth + 1);
                node = HashTree.Fork(left, right);
                break;
            case 2:
                Expect(length, 3, "Labeled");
                var label = ReadBytes(reader, "label");
                node = HashTree.Labeled(label, ReadNode(reader, depth + 1));
                break;
            case 3:
                Expect(length, 2, "Leaf");
                node = HashTree.Leaf(ReadBytes(reader, "leaf value"));
                break;
            case 4:
                Expect(length, 2, "Pruned");
                var hash = ReadBytes(reader, "pruned hash");
                if (hash.Length != 32) throw new HashTreeException($"a pruned node holds 32 bytes, not {hash.Length}");
                node = HashTree.Pruned(hash);
                break;
            default:
                throw new HashTreeException($"unknown hash tree node kind {kind}");
        }
        reader.ReadEndArray();
        return node;
    }

    private static ulong ReadKind(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.UnsignedInteger) throw new HashTreeException("a hash tree node starts with its kind, an unsigned integer");
        return reader.ReadUInt64();
    }

    private static byte[] ReadBytes(CborReader reader, string what)
    {
        if (reader.PeekState() != CborReaderState.ByteString) throw new HashTreeException($"the {what} is a byte string, found {reader.PeekState()}");
        return reader.ReadByteString();
    }

    private static void Expect(int? length, int expected, string kind)
    {
        if (length != expected) throw new HashTreeException($"a {kind} node has {expected} elements, not {length}");
    }

    /// <summary>Encodes a tree as CBOR (no tag), the form certificates and canister signatures carry.</summary>
    public static byte[] Encode(HashTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var writer = new CborWriter(CborConformanceMode.Canonical, convertIndefiniteLengthEncodings: false);
        Write(writer, tree);
        return writer.Encode();
    }

    /// <summary>Writes a tree at the writer's position.</summary>
    public static void Write(CborWriter writer, HashTree tree)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tree);
        switch (tree)
        {
            case HashTree.EmptyNode:
                writer.WriteStartArray(1); writer.WriteUInt64(0); writer.WriteEndArray();
                break;
            case HashTree.ForkNode f:
                writer.WriteStartArray(3); writer.WriteUInt64(1); Write(writer, f.Left); Write(writer, f.Right); writer.WriteEndArray();
                break;
            case HashTree.LabeledNode l:
                writer.WriteStartArray(3); writer.WriteUInt64(2); writer.WriteByteString(l.Label); Write(writer, l.Subtree); writer.WriteEndArray();
                break;
            case HashTree.LeafNode leaf:
                writer.WriteStartArray(2); writer.WriteUInt64(3); writer.WriteByteString(leaf.Value); writer.WriteEndArray();
                break;
            case HashTree.PrunedNode p:
                writer.WriteStartArray(2); writer.WriteUInt64(4); writer.WriteByteString(p.Hash); writer.WriteEndArray();
                break;
        }
    }
}
