using System.Formats.Cbor;
using System.Text;
using Icp.Candid;

namespace Icp.Agent.Certification;

/// <summary>Which state-tree layout to read a subnet's canister ranges from.</summary>
public enum CanisterRangeLayout
{
    /// <summary>The sharded layout first, then the legacy one when the sharded subtree is absent or unknown (agent-rs behaviour).</summary>
    Auto,

    /// <summary>Only <c>/canister_ranges/&lt;subnet&gt;/&lt;shard&gt;</c> (v4 call, v3 read_state and query).</summary>
    Sharded,

    /// <summary>Only <c>/subnet/&lt;subnet&gt;/canister_ranges</c> (v3 call, v2 read_state).</summary>
    Legacy,
}

/// <summary>The outcome of a canister-range check.</summary>
public enum CanisterRangeCheck
{
    /// <summary>The canister lies in one of the subnet's ranges.</summary>
    InRange,

    /// <summary>The tree proves the canister is outside the subnet's ranges.</summary>
    NotInRange,

    /// <summary>The ranges are absent or pruned, so nothing is proven.</summary>
    Unavailable,
}

/// <summary>
/// Canister ranges: closed intervals [lo, hi] of principals, compared as raw bytes, stored as CBOR
/// <c>tagged&lt;[* [principal, principal]]&gt;</c> in the state tree.
/// </summary>
public static class CanisterRanges
{
    private static readonly byte[] CanisterRangesLabel = Encoding.ASCII.GetBytes("canister_ranges");
    private static readonly byte[] SubnetLabel = Encoding.ASCII.GetBytes("subnet");

    /// <summary>Decodes a CBOR list of ranges.</summary>
    /// <exception cref="FormatException">Not a list of principal pairs.</exception>
    public static IReadOnlyList<(Principal Low, Principal High)> Decode(ReadOnlyMemory<byte> cbor)
    {
        try
        {
            var reader = new CborReader(cbor, CborConformanceMode.Lax);
            Certificate.SkipSelfDescribeTag(reader);
            if (reader.PeekState() != CborReaderState.StartArray) throw new FormatException("canister ranges are a CBOR array");
            reader.ReadStartArray();
            var ranges = new List<(Principal, Principal)>();
            while (reader.PeekState() != CborReaderState.EndArray)
            {
                if (reader.PeekState() != CborReaderState.StartArray || reader.ReadStartArray() != 2) throw new FormatException("a canister range is a pair");
                var low = ReadPrincipal(reader);
                var high = ReadPrincipal(reader);
                reader.ReadEndArray();
                ranges.Add((low, high));
            }
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0) throw new FormatException("trailing bytes after canister ranges");
            return ranges;
        }
        catch (CborContentException e) { throw new FormatException("bad CBOR in canister ranges: " + e.Message, e); }
        catch (InvalidOperationException e) { throw new FormatException("bad CBOR in canister ranges: " + e.Message, e); }
    }

    private static Principal ReadPrincipal(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.ByteString) throw new FormatException("a range end is a principal's bytes");
        var bytes = reader.ReadByteString();
        if (bytes.Length > Principal.MaxLength) throw new FormatException("a range end is longer than a principal");
        return Principal.FromBytes(bytes);
    }

    /// <summary>True when <paramref name="canister"/> is inside one of the closed ranges (bytewise comparison).</summary>
    public static bool Contains(IEnumerable<(Principal Low, Principal High)> ranges, Principal canister)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(canister);
        foreach (var (low, high) in ranges)
            if (low.Bytes.SequenceCompareTo(canister.Bytes) <= 0 && canister.Bytes.SequenceCompareTo(high.Bytes) <= 0) return true;
        return false;
    }

    /// <summary>Checks whether <paramref name="tree"/> certifies <paramref name="canister"/> as hosted by <paramref name="subnet"/>.</summary>
    /// <exception cref="FormatException">The ranges are present but malformed.</exception>
    public static CanisterRangeCheck Check(HashTree tree, Principal subnet, Principal canister, CanisterRangeLayout layout = CanisterRangeLayout.Auto)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(subnet);
        ArgumentNullException.ThrowIfNull(canister);
        if (layout != CanisterRangeLayout.Legacy)
        {
            var sharded = CheckSharded(tree, subnet, canister);
            if (sharded != CanisterRangeCheck.Unavailable || layout == CanisterRangeLayout.Sharded) return sharded;
        }
        return CheckLegacy(tree, subnet, canister);
    }

    /// <summary>The legacy layout: one leaf at <c>/subnet/&lt;subnet&gt;/canister_ranges</c>.</summary>
    public static CanisterRangeCheck CheckLegacy(HashTree tree, Principal subnet, Principal canister)
    {
        var result = tree.Lookup(SubnetLabel, subnet.ToArray(), CanisterRangesLabel);
        return result.Status switch
        {
            LookupStatus.Found => Contains(Decode(result.Value), canister) ? CanisterRangeCheck.InRange : CanisterRangeCheck.NotInRange,
            LookupStatus.Error => throw new FormatException("/subnet/<id>/canister_ranges is not a leaf"),
            _ => CanisterRangeCheck.Unavailable,
        };
    }

    /// <summary>
    /// The sharded layout: leaves <c>/canister_ranges/&lt;subnet&gt;/&lt;first canister id&gt;</c>. The shard that can hold
    /// the canister is the one with the greatest label ≤ canister id; a pruned node where that shard could be
    /// makes the answer Unavailable rather than a guess.
    /// </summary>
    public static CanisterRangeCheck CheckSharded(HashTree tree, Principal subnet, Principal canister)
    {
        var shards = tree.LookupSubtree(CanisterRangesLabel, subnet.ToArray());
        if (!shards.IsFound) return CanisterRangeCheck.Unavailable;
        var items = shards.Subtree!.FlattenForks();
        var target = canister.Bytes;
        var candidate = -1;
        var firstAbove = items.Count;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not HashTree.LabeledNode l) continue;
            if (l.Label.SequenceCompareTo(target) <= 0) candidate = i;
            else { firstAbove = i; break; }
        }
        // Anything but a Labeled node between the candidate (or the start) and the first larger label could hide a closer shard.
        for (var i = candidate + 1; i < firstAbove; i++)
            if (items[i] is HashTree.PrunedNode) return CanisterRangeCheck.Unavailable;
        if (candidate < 0) return CanisterRangeCheck.NotInRange; // below every shard
        var shard = ((HashTree.LabeledNode)items[candidate]).Subtree;
        return shard switch
        {
            HashTree.LeafNode leaf => Contains(Decode(leaf.Value.ToArray()), canister) ? CanisterRangeCheck.InRange : CanisterRangeCheck.NotInRange,
            HashTree.PrunedNode => CanisterRangeCheck.Unavailable,
            _ => throw new FormatException("a canister-range shard is not a leaf"),
        };
    }
}
