using System.Formats.Cbor;
using System.Numerics;
using Icp.Agent.Hashing;

namespace Icp.Agent.Requests;

/// <summary>
/// Reads the generic CBOR maps of envelopes and responses into <see cref="HashableValue"/>s, within
/// <see cref="MaxDepth"/> nesting levels and <see cref="MaxItems"/> items: these documents come from the network.
/// </summary>
internal static class CborValues
{
    /// <summary>
    /// The deepest nesting read (arrays, maps and tags each count one level). The deepest real document is an envelope's
    /// <c>tag → envelope → content → paths → path → label</c> or <c>sender_delegation → item → delegation → targets</c>:
    /// six levels. System.Formats.Cbor's reader does not limit nesting, so without this bound a body of nested
    /// one-element arrays overflows the stack and kills the process.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// The most items (values and map keys) read from one document. The largest valid envelope, a read_state of 1000
    /// paths of 127 labels, has about 128,000; the bound keeps a body of millions of one-byte items from becoming
    /// hundreds of megabytes of objects.
    /// </summary>
    public const int MaxItems = 256 * 1024;

    /// <summary>Reads a complete document that is a map (an optional tag 55799 first), with no trailing bytes.</summary>
    /// <exception cref="FormatException">Malformed CBOR, not a map, too deep, too many items, or trailing bytes.</exception>
    public static Dictionary<string, HashableValue> ReadTopLevelMap(CborReader reader)
    {
        try
        {
            if (reader.PeekState() == CborReaderState.Tag)
            {
                if (reader.ReadTag() != (CborTag)55799) throw new FormatException("unexpected CBOR tag");
            }
            if (reader.PeekState() != CborReaderState.StartMap) throw new FormatException("expected a CBOR map");
            var items = MaxItems;
            var value = (HashableValue.MapValue)Read(reader, MaxDepth, ref items);
            if (reader.BytesRemaining != 0) throw new FormatException("trailing bytes after the CBOR map");
            return (Dictionary<string, HashableValue>)value.Fields;
        }
        // System.Formats.Cbor reports malformed input with these; callers see one exception type.
        catch (CborContentException e) { throw new FormatException("bad CBOR: " + e.Message, e); }
        catch (InvalidOperationException e) { throw new FormatException("bad CBOR: " + e.Message, e); }
        catch (OverflowException e) { throw new FormatException("bad CBOR: " + e.Message, e); }
    }

    private static HashableValue Read(CborReader reader, int depth, ref int items)
    {
        if (--items < 0) throw new FormatException($"CBOR document has more than {MaxItems} items");
        var state = reader.PeekState();
        if ((state is CborReaderState.StartArray or CborReaderState.StartMap or CborReaderState.Tag) && depth <= 0)
            throw new FormatException($"CBOR nests deeper than {MaxDepth} levels");
        switch (state)
        {
            case CborReaderState.UnsignedInteger: return HashableValue.Nat(reader.ReadUInt64());
            case CborReaderState.NegativeInteger:
                // -1 - n for the encoded n; kept exact even below long.MinValue.
                return HashableValue.Int(BigInteger.MinusOne - reader.ReadCborNegativeIntegerRepresentation());
            case CborReaderState.ByteString: return HashableValue.Blob(reader.ReadByteString());
            case CborReaderState.TextString: return HashableValue.Text(reader.ReadTextString());
            case CborReaderState.StartArray:
                {
                    reader.ReadStartArray(); // the declared length is not trusted for sizing: the list grows as items arrive
                    var list = new List<HashableValue>();
                    while (reader.PeekState() != CborReaderState.EndArray) list.Add(Read(reader, depth - 1, ref items));
                    reader.ReadEndArray();
                    return new HashableValue.ArrayValue(list);
                }
            case CborReaderState.StartMap:
                {
                    reader.ReadStartMap();
                    var fields = new Dictionary<string, HashableValue>(StringComparer.Ordinal);
                    while (reader.PeekState() != CborReaderState.EndMap)
                    {
                        if (reader.PeekState() != CborReaderState.TextString) throw new FormatException("map keys are text");
                        if (--items < 0) throw new FormatException($"CBOR document has more than {MaxItems} items");
                        var key = reader.ReadTextString();
                        if (!fields.TryAdd(key, Read(reader, depth - 1, ref items))) throw new FormatException($"duplicate key '{key}'");
                    }
                    reader.ReadEndMap();
                    return HashableValue.Map(fields);
                }
            case CborReaderState.Tag:
                reader.ReadTag(); // tags (e.g. 55799 on nested documents) do not change the value
                return Read(reader, depth - 1, ref items);
            default:
                throw new FormatException($"unsupported CBOR item {state}");
        }
    }

    public static byte[] Blob(HashableValue v, string what) =>
        v is HashableValue.BlobValue b ? b.Bytes : throw new FormatException($"{what} is a byte string");

    public static string Text(HashableValue v, string what) =>
        v is HashableValue.TextValue t ? t.Value : throw new FormatException($"{what} is a text");

    public static ulong Nat(HashableValue v, string what) =>
        v is HashableValue.NatValue n && n.Value <= ulong.MaxValue ? (ulong)n.Value : throw new FormatException($"{what} is a 64-bit natural");

    public static Icp.Candid.Principal Principal(HashableValue v, string what)
    {
        var bytes = Blob(v, what);
        if (bytes.Length > Icp.Candid.Principal.MaxLength) throw new FormatException($"{what} is longer than a principal");
        return Icp.Candid.Principal.FromBytes(bytes);
    }

    public static BigInteger Integer(HashableValue v, string what) => v switch
    {
        HashableValue.NatValue n => n.Value,
        HashableValue.IntValue i => i.Value,
        _ => throw new FormatException($"{what} is an integer"),
    };
}
