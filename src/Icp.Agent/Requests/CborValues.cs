using System.Formats.Cbor;
using System.Numerics;
using Icp.Agent.Hashing;

namespace Icp.Agent.Requests;

/// <summary>Reads the generic CBOR maps of envelopes and responses into <see cref="HashableValue"/>s.</summary>
internal static class CborValues
{
    public static Dictionary<string, HashableValue> ReadTopLevelMap(CborReader reader)
    {
        if (reader.PeekState() == CborReaderState.Tag)
        {
            if (reader.ReadTag() != (CborTag)55799) throw new FormatException("unexpected CBOR tag");
        }
        if (reader.PeekState() != CborReaderState.StartMap) throw new FormatException("expected a CBOR map");
        var value = (HashableValue.MapValue)Read(reader);
        if (reader.BytesRemaining != 0) throw new FormatException("trailing bytes after the CBOR map");
        return (Dictionary<string, HashableValue>)value.Fields;
    }

    // CborReader itself refuses nesting beyond 64 levels, which bounds this recursion.
    public static HashableValue Read(CborReader reader)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger: return HashableValue.Nat(reader.ReadUInt64());
            case CborReaderState.NegativeInteger:
                // -1 - n for the encoded n; kept exact even below long.MinValue.
                return HashableValue.Int(BigInteger.MinusOne - reader.ReadCborNegativeIntegerRepresentation());
            case CborReaderState.ByteString: return HashableValue.Blob(reader.ReadByteString());
            case CborReaderState.TextString: return HashableValue.Text(reader.ReadTextString());
            case CborReaderState.StartArray:
                {
                    reader.ReadStartArray();
                    var items = new List<HashableValue>();
                    while (reader.PeekState() != CborReaderState.EndArray) items.Add(Read(reader));
                    reader.ReadEndArray();
                    return HashableValue.Array(items);
                }
            case CborReaderState.StartMap:
                {
                    reader.ReadStartMap();
                    var fields = new Dictionary<string, HashableValue>(StringComparer.Ordinal);
                    while (reader.PeekState() != CborReaderState.EndMap)
                    {
                        if (reader.PeekState() != CborReaderState.TextString) throw new FormatException("map keys are text");
                        var key = reader.ReadTextString();
                        if (!fields.TryAdd(key, Read(reader))) throw new FormatException($"duplicate key '{key}'");
                    }
                    reader.ReadEndMap();
                    return HashableValue.Map(fields);
                }
            case CborReaderState.Tag:
                reader.ReadTag(); // tags (e.g. 55799 on nested documents) do not change the value
                return Read(reader);
            default:
                throw new FormatException($"unsupported CBOR item {reader.PeekState()}");
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
