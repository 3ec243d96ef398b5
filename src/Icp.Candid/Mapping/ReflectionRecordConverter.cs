using System.Reflection;

namespace Icp.Candid;

/// <summary>A record from the public properties of a class, struct or C# record (the convenient path).</summary>
internal sealed class ReflectionRecordConverter<T> : CandidConverter<T>, CandidConverterResolver.IReflectionConverter
{
    private readonly CandidTypeReference _type = CandidType.Reference(typeof(T).Name);
    private CandidShape _shape = null!;
    private PropertyInfo[] _properties = [];
    private CandidConverter[] _converters = [];
    private ConstructorInfo? _constructor;
    private int[] _constructorOrder = [];

    public override CandidType CandidType => _type;

    // Built in two steps so that a type that refers to itself finds this converter in the cache.
    public void Build(CandidConverterResolver resolver)
    {
        var props = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && p.GetCustomAttribute<CandidIgnoreAttribute>() is null)
            .ToArray();
        _properties = props;
        var labels = props.Select(p => p.GetCustomAttribute<CandidNameAttribute>()?.Label ?? CandidLabel.FromName(resolver.Options.Naming(p.Name))).ToArray();
        _converters = props.Select(resolver.ForProperty).ToArray();
        _shape = new CandidShape(labels, _converters.Select(c => c.CandidType.Resolve().Kind is CandidKind.Opt or CandidKind.Reserved or CandidKind.Null).ToArray());
        _type.Bind(new RecordType(labels.Select((l, i) => new CandidField(l, _converters[i].CandidType))));

        if (typeof(T).GetConstructor(Type.EmptyTypes) is null && !typeof(T).IsValueType)
        {
            // Positional records and immutable classes: the constructor whose parameters name the properties.
            _constructor = typeof(T).GetConstructors()
                .OrderByDescending(c => c.GetParameters().Length)
                .FirstOrDefault(c => c.GetParameters().All(p => props.Any(x => string.Equals(x.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
                ?? throw new CandidTypeException($"{typeof(T)} needs a parameterless constructor or one whose parameters match its properties");
            _constructorOrder = _constructor.GetParameters()
                .Select(p => Array.FindIndex(props, x => string.Equals(x.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
                .ToArray();
        }
        else
        {
            foreach (var p in props)
                if (!p.CanWrite)
                    throw new CandidTypeException($"property {typeof(T).Name}.{p.Name} has no setter; add one or a constructor parameter for it");
        }
    }

    public override T Read(ref CandidReader reader, CandidWireType wire)
    {
        var values = new object?[_properties.Length];
        var fields = CandidRecordReader.Begin(ref reader, wire, _shape);
        while (fields.Next(ref reader, out int f, out var fw)) values[f] = _converters[f].ReadBoxed(ref reader, fw);
        fields.End(ref reader);
        if (_constructor is not null)
        {
            var args = new object?[_constructorOrder.Length];
            for (int i = 0; i < args.Length; i++) args[i] = values[_constructorOrder[i]] ?? DefaultOf(_properties[_constructorOrder[i]].PropertyType);
            var obj = (T)_constructor.Invoke(args);
            for (int i = 0; i < _properties.Length; i++)
                if (Array.IndexOf(_constructorOrder, i) < 0 && _properties[i].CanWrite && values[i] is not null) _properties[i].SetValue(obj, values[i]);
            return obj;
        }
        object instance = Activator.CreateInstance<T>()!;
        for (int i = 0; i < _properties.Length; i++) if (values[i] is not null) _properties[i].SetValue(instance, values[i]);
        return (T)instance;
    }

    private static object? DefaultOf(Type t) => t.IsValueType ? Activator.CreateInstance(t) : null;

    public override void Write(CandidWriter writer, T value)
    {
        if (value is null) throw new CandidEncodeException($"a {typeof(T).Name} record cannot be null", "");
        foreach (int i in _shape.WriteOrder) _converters[i].WriteBoxed(writer, _properties[i].GetValue(value));
    }
}
