namespace Icp.Candid;

/// <summary><c>opt T</c> ↔ a nullable reference: null when absent or when the value does not fit.</summary>
public sealed class OptionalConverter<T>(CandidConverter<T> inner) : CandidConverter<T?> where T : class
{
    private OptType? _type;
    /// <inheritdoc />
    public override CandidType CandidType => _type ??= new OptType(inner.CandidType);
    /// <inheritdoc />
    public override T? Read(ref CandidReader reader, CandidWireType wire) => reader.TryReadOptional(wire, inner, out var v) ? v : null;
    /// <inheritdoc />
    public override void Write(CandidWriter writer, T? value)
    {
        if (value is null) { writer.WriteByte(0); return; }
        writer.WriteByte(1);
        inner.Write(writer, value);
    }
}

/// <summary><c>opt T</c> ↔ <see cref="Nullable{T}"/>.</summary>
public sealed class NullableConverter<T>(CandidConverter<T> inner) : CandidConverter<T?> where T : struct
{
    private OptType? _type;
    /// <inheritdoc />
    public override CandidType CandidType => _type ??= new OptType(inner.CandidType);
    /// <inheritdoc />
    public override T? Read(ref CandidReader reader, CandidWireType wire) => reader.TryReadOptional(wire, inner, out var v) ? v : null;
    /// <inheritdoc />
    public override void Write(CandidWriter writer, T? value)
    {
        if (value is not { } v) { writer.WriteByte(0); return; }
        writer.WriteByte(1);
        inner.Write(writer, v);
    }
}

/// <summary><c>vec T</c> ↔ an array.</summary>
public sealed class ArrayConverter<T>(CandidConverter<T> element) : CandidConverter<T[]>
{
    private VecType? _type;
    /// <inheritdoc />
    public override CandidType CandidType => _type ??= new VecType(element.CandidType);
    /// <inheritdoc />
    public override T[] Read(ref CandidReader reader, CandidWireType wire)
    {
        int n = reader.ReadVectorLength(wire);
        var inner = wire.Inner!;
        reader.Enter();
        var items = n == 0 ? [] : new T[n];
        for (int i = 0; i < items.Length; i++) items[i] = element.Read(ref reader, inner);
        reader.Leave();
        return items;
    }
    /// <inheritdoc />
    public override void Write(CandidWriter writer, T[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteLength(value.Length);
        foreach (var v in value) element.Write(writer, v);
    }
}

/// <summary><c>vec T</c> ↔ <see cref="List{T}"/>.</summary>
public sealed class ListConverter<T>(CandidConverter<T> element) : CandidConverter<List<T>>
{
    private VecType? _type;
    /// <inheritdoc />
    public override CandidType CandidType => _type ??= new VecType(element.CandidType);
    /// <inheritdoc />
    public override List<T> Read(ref CandidReader reader, CandidWireType wire)
    {
        int n = reader.ReadVectorLength(wire);
        var inner = wire.Inner!;
        reader.Enter();
        var items = new List<T>(n);
        for (int i = 0; i < n; i++) items.Add(element.Read(ref reader, inner));
        reader.Leave();
        return items;
    }
    /// <inheritdoc />
    public override void Write(CandidWriter writer, List<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteLength(value.Count);
        foreach (var v in value) element.Write(writer, v);
    }
}

/// <summary><c>vec record { K; V }</c> ↔ <see cref="Dictionary{K, V}"/> (the usual Candid encoding of a map).</summary>
public sealed class DictionaryConverter<TKey, TValue>(CandidConverter<TKey> key, CandidConverter<TValue> value)
    : CandidConverter<Dictionary<TKey, TValue>> where TKey : notnull
{
    private static readonly CandidShape Pair = new([CandidLabel.FromId(0), CandidLabel.FromId(1)]);
    private VecType? _type;
    /// <inheritdoc />
    public override CandidType CandidType => _type ??= new VecType(CandidType.Tuple(key.CandidType, value.CandidType));
    /// <inheritdoc />
    public override Dictionary<TKey, TValue> Read(ref CandidReader reader, CandidWireType wire)
    {
        int n = reader.ReadVectorLength(wire);
        var inner = wire.Inner!;
        reader.Enter();
        var map = new Dictionary<TKey, TValue>(n);
        for (int i = 0; i < n; i++)
        {
            TKey k = default!;
            TValue v = default!;
            var fields = CandidRecordReader.Begin(ref reader, inner, Pair);
            while (fields.Next(ref reader, out int f, out var fw))
            {
                if (f == 0) k = key.Read(ref reader, fw); else v = value.Read(ref reader, fw);
            }
            fields.End(ref reader);
            map[k] = v;
        }
        reader.Leave();
        return map;
    }
    /// <inheritdoc />
    public override void Write(CandidWriter writer, Dictionary<TKey, TValue> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        writer.WriteLength(map.Count);
        foreach (var (k, v) in map)
        {
            key.Write(writer, k);
            value.Write(writer, v);
        }
    }
}
