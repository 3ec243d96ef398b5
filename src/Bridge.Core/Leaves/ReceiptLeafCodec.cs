using System.Security.Cryptography;
using Bridge.Core.Merkle;
using Icp.Candid;

namespace Bridge.Core.Leaves;

/// <summary>Leaf bytes: the Candid encoding of one <see cref="ReceiptLeaf"/> ("DIDL", type table, one value).</summary>
public static class ReceiptLeafCodec
{
    private static readonly CandidSerializerOptions Options = new();

    /// <summary>The leaf's bytes.</summary>
    public static byte[] Encode(ReceiptLeaf leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        return CandidSerializer.Serialize(leaf, Options);
    }

    /// <summary>Reads leaf bytes of any valid Candid encoding of the type (the type table order may differ between encoders).</summary>
    /// <exception cref="FormatException">Not a Candid message holding one leaf (wrapping the Candid decoder's error).</exception>
    public static ReceiptLeaf Decode(ReadOnlySpan<byte> bytes)
    {
        try { return CandidSerializer.Deserialize<ReceiptLeaf>(bytes, Options); }
        catch (CandidDecodeException e) { throw new FormatException($"not a ReceiptLeaf: {e.Message}", e); }
        catch (CandidTypeException e) { throw new FormatException($"not a ReceiptLeaf: {e.Message}", e); }
    }

    /// <summary>The Merkle leaf hash of leaf bytes: SHA-256(0x00 ‖ bytes).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leafBytes) => MerkleTree.LeafHash(leafBytes);
}
