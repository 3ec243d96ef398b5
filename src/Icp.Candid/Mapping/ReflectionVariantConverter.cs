using System.Reflection;

namespace Icp.Candid;

/// <summary>A variant from an abstract class marked <see cref="CandidVariantAttribute"/> and its derived classes.</summary>
internal sealed class ReflectionVariantConverter<T> : CandidConverter<T>, CandidConverterResolver.IReflectionConverter
{
    private readonly CandidTypeReference _type = CandidType.Reference(typeof(T).Name);
    private CandidShape _shape = null!;
    private Type[] _cases = [];
    private Alternative[] _alternatives = [];

    private sealed record Alternative(Type Type, CandidConverter? Payload, PropertyInfo? ValueProperty, bool PayloadIsRecord);

    public override CandidType CandidType => _type;

    public void Build(CandidConverterResolver resolver)
    {
        _cases = typeof(T).GetNestedTypes(BindingFlags.Public)
            .Concat(typeof(T).Assembly.GetTypes())
            .Distinct()
            .Where(t => t != typeof(T) && typeof(T).IsAssignableFrom(t) && !t.IsAbstract)
            .ToArray();
        if (_cases.Length == 0) throw new CandidTypeException($"variant {typeof(T).Name} has no derived classes to be its alternatives");
        var labels = _cases.Select(c => c.GetCustomAttribute<CandidNameAttribute>()?.Label ?? CandidLabel.FromName(c.Name)).ToArray();
        _alternatives = _cases.Select(c => Describe(c, resolver)).ToArray();
        _shape = new CandidShape(labels);
        _type.Bind(new VariantType(labels.Select((l, i) => new CandidField(l, _alternatives[i].Payload?.CandidType ?? CandidType.Null))));
    }

    private static Alternative Describe(Type c, CandidConverterResolver resolver)
    {
        var props = c.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType != typeof(T) && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<CandidIgnoreAttribute>() is null && p.Name != "EqualityContract")
            .ToArray();
        if (props.Length == 0) return new Alternative(c, null, null, false);
        if (props is [{ Name: "Value" } single]) return new Alternative(c, resolver.ForProperty(single), single, false);
        return new Alternative(c, resolver.ForRecordOf(c), null, true);
    }

    public override T Read(ref CandidReader reader, CandidWireType wire)
    {
        int i = reader.ReadVariant(wire, _shape, out var altWire);
        var alt = _alternatives[i];
        reader.Enter();
        T result;
        if (alt.Payload is null)
        {
            reader.ExpectKind(altWire, CandidKind.Null);
            result = (T)Activator.CreateInstance(alt.Type)!;
        }
        else if (alt.PayloadIsRecord) result = (T)alt.Payload.ReadBoxed(ref reader, altWire)!;
        else
        {
            var payload = alt.Payload.ReadBoxed(ref reader, altWire);
            var ctor = alt.Type.GetConstructor([alt.ValueProperty!.PropertyType]);
            if (ctor is not null) result = (T)ctor.Invoke([payload]);
            else
            {
                result = (T)Activator.CreateInstance(alt.Type)!;
                alt.ValueProperty.SetValue(result, payload);
            }
        }
        reader.Leave();
        return result;
    }

    public override void Write(CandidWriter writer, T value)
    {
        if (value is null) throw new CandidEncodeException($"a {typeof(T).Name} variant cannot be null", "");
        int i = Array.IndexOf(_cases, value.GetType());
        if (i < 0) throw new CandidEncodeException($"{value.GetType().Name} is not an alternative of {typeof(T).Name}", "");
        writer.WriteUnsignedLeb128((ulong)_shape.SortedPosition(i));
        var alt = _alternatives[i];
        if (alt.Payload is null) return;
        alt.Payload.WriteBoxed(writer, alt.PayloadIsRecord ? value : alt.ValueProperty!.GetValue(value));
    }
}

/// <summary>A C# enum as a variant whose alternatives carry no value.</summary>
internal sealed class EnumConverter<T> : CandidConverter<T> where T : struct, Enum
{
    private readonly T[] _values = Enum.GetValues<T>();
    private readonly CandidShape _shape;
    private readonly VariantType _type;

    public EnumConverter()
    {
        var labels = _values.Select(v =>
            typeof(T).GetField(v.ToString())!.GetCustomAttribute<CandidNameAttribute>()?.Label ?? CandidLabel.FromName(v.ToString())).ToArray();
        _shape = new CandidShape(labels);
        _type = new VariantType(labels.Select(l => new CandidField(l, CandidType.Null)));
    }

    public override CandidType CandidType => _type;

    public override T Read(ref CandidReader reader, CandidWireType wire)
    {
        int i = reader.ReadVariant(wire, _shape, out var altWire);
        reader.ExpectKind(altWire, CandidKind.Null);
        return _values[i];
    }

    public override void Write(CandidWriter writer, T value)
    {
        int i = Array.IndexOf(_values, value);
        if (i < 0) throw new CandidEncodeException($"{value} is not a named value of {typeof(T).Name}", "");
        writer.WriteUnsignedLeb128((ulong)_shape.SortedPosition(i));
    }
}
