using System.Numerics;

namespace Icp.Candid.Benchmarks.HandWritten;

// The ICRC-3 block payload mapped by hand (the secondary rows of CodecBenchmarks): a closed hierarchy for the recursive Value
// variant, KeyValuePair map entries and converters in the generated style (no reflection). What users run is the
// generator's own output for payloads.did (namespace Icp.Candid.Benchmarks.Generated), the primary rows.

public abstract record Value
{
    public sealed record Blob(byte[] Value) : Icp.Candid.Benchmarks.HandWritten.Value;
    public sealed record Text(string Value) : Icp.Candid.Benchmarks.HandWritten.Value;
    public sealed record Nat(Icp.Candid.Nat Value) : Icp.Candid.Benchmarks.HandWritten.Value;
    public sealed record Int(BigInteger Value) : Icp.Candid.Benchmarks.HandWritten.Value;
    public sealed record Array(Icp.Candid.Benchmarks.HandWritten.Value[] Value) : Icp.Candid.Benchmarks.HandWritten.Value;
    public sealed record Map(KeyValuePair<string, Icp.Candid.Benchmarks.HandWritten.Value>[] Value) : Icp.Candid.Benchmarks.HandWritten.Value;
}

public sealed record Block(Nat Id, Value Content);

public sealed class ValueConverter : CandidConverter<Value>
{
    public static readonly ValueConverter Instance = new();
    private static readonly CandidShape Shape = new(["Blob", "Text", "Nat", "Int", "Array", "Map"]);
    private static readonly CandidShape Pair = new([0u, 1u]);
    private static readonly int[] WireIndex = Enumerable.Range(0, 6).Select(Shape.SortedPosition).ToArray();
    private readonly CandidTypeReference _type = CandidType.Reference("Value");
    private readonly ArrayConverter<Value> _array;

    private ValueConverter()
    {
        _array = new ArrayConverter<Value>(this);
        _type.Bind(CandidType.Variant(
            new CandidField("Blob", CandidType.Blob), new CandidField("Text", CandidType.Text),
            new CandidField("Nat", CandidType.Nat), new CandidField("Int", CandidType.Int),
            new CandidField("Array", CandidType.Vec(_type)),
            new CandidField("Map", CandidType.Vec(CandidType.Tuple(CandidType.Text, _type)))));
    }

    public override CandidType CandidType => _type;

    public override Value Read(ref CandidReader reader, CandidWireType wire)
    {
        int i = reader.ReadVariant(wire, Shape, out var w);
        reader.Enter();
        Value v = i switch
        {
            0 => new Value.Blob(CandidConverters.Blob.Read(ref reader, w)),
            1 => new Value.Text(CandidConverters.Text.Read(ref reader, w)),
            2 => new Value.Nat(CandidConverters.Nat.Read(ref reader, w)),
            3 => new Value.Int(CandidConverters.Int.Read(ref reader, w)),
            4 => new Value.Array(_array.Read(ref reader, w)),
            _ => new Value.Map(ReadMap(ref reader, w)),
        };
        reader.Leave();
        return v;
    }

    private KeyValuePair<string, Value>[] ReadMap(ref CandidReader reader, CandidWireType wire)
    {
        int n = reader.ReadVectorLength(wire);
        var pairWire = wire.Inner!;
        var items = new KeyValuePair<string, Value>[n];
        for (int k = 0; k < n; k++)
        {
            string key = "";
            Value value = null!;
            var fields = CandidRecordReader.Begin(ref reader, pairWire, Pair);
            while (fields.Next(ref reader, out int f, out var fw))
            {
                if (f == 0) key = CandidConverters.Text.Read(ref reader, fw);
                else value = Read(ref reader, fw);
            }
            fields.End(ref reader);
            items[k] = new(key, value);
        }
        return items;
    }

    public override void Write(CandidWriter writer, Value value)
    {
        switch (value)
        {
            case Value.Blob b: writer.WriteUnsignedLeb128((ulong)WireIndex[0]); writer.WriteBlob(b.Value); break;
            case Value.Text t: writer.WriteUnsignedLeb128((ulong)WireIndex[1]); writer.WriteText(t.Value); break;
            case Value.Nat n: writer.WriteUnsignedLeb128((ulong)WireIndex[2]); writer.WriteNat(n.Value.Value); break;
            case Value.Int i: writer.WriteUnsignedLeb128((ulong)WireIndex[3]); writer.WriteInt(i.Value); break;
            case Value.Array a: writer.WriteUnsignedLeb128((ulong)WireIndex[4]); _array.Write(writer, a.Value); break;
            case Value.Map m:
                writer.WriteUnsignedLeb128((ulong)WireIndex[5]);
                writer.WriteLength(m.Value.Length);
                foreach (var (k, v) in m.Value)
                {
                    writer.WriteText(k);
                    Write(writer, v);
                }
                break;
            default: throw new CandidEncodeException("unknown Value case", "");
        }
    }
}

public sealed class BlockConverter : CandidConverter<Block>
{
    public static readonly BlockConverter Instance = new();
    private static readonly CandidShape Shape = new(["id", "block"]);
    private readonly RecordType _type = CandidType.Record(new CandidField("id", CandidType.Nat), new CandidField("block", ValueConverter.Instance.CandidType));

    public override CandidType CandidType => _type;

    public override Block Read(ref CandidReader reader, CandidWireType wire)
    {
        Nat id = default;
        Value block = null!;
        var fields = CandidRecordReader.Begin(ref reader, wire, Shape);
        while (fields.Next(ref reader, out int f, out var fw))
        {
            if (f == 0) id = CandidConverters.Nat.Read(ref reader, fw);
            else block = ValueConverter.Instance.Read(ref reader, fw);
        }
        fields.End(ref reader);
        return new Block(id, block);
    }

    public override void Write(CandidWriter writer, Block value)
    {
        // Fields in id order: "id" (23515) before "block" (2631180839).
        CandidConverters.Nat.Write(writer, value.Id);
        ValueConverter.Instance.Write(writer, value.Content);
    }
}
