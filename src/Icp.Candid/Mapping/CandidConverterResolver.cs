using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;

namespace Icp.Candid;

/// <summary>Finds (and builds, once) the converter for a C# type: the built-in ones, the caller's own, and
/// reflection-based records, variants and enums.</summary>
internal sealed class CandidConverterResolver(CandidSerializerOptions options)
{
    private static readonly Dictionary<Type, CandidConverter> BuiltIn = new()
    {
        [typeof(bool)] = CandidConverters.Bool,
        [typeof(Nat)] = CandidConverters.Nat,
        [typeof(BigInteger)] = CandidConverters.Int,
        [typeof(byte)] = CandidConverters.Nat8,
        [typeof(ushort)] = CandidConverters.Nat16,
        [typeof(uint)] = CandidConverters.Nat32,
        [typeof(ulong)] = CandidConverters.Nat64,
        [typeof(sbyte)] = CandidConverters.Int8,
        [typeof(short)] = CandidConverters.Int16,
        [typeof(int)] = CandidConverters.Int32,
        [typeof(long)] = CandidConverters.Int64,
        [typeof(float)] = CandidConverters.Float32,
        [typeof(double)] = CandidConverters.Float64,
        [typeof(string)] = CandidConverters.Text,
        [typeof(Principal)] = CandidConverters.Principal,
        [typeof(byte[])] = CandidConverters.Blob,
        [typeof(ReadOnlyMemory<byte>)] = CandidConverters.BlobMemory,
        [typeof(CandidNull)] = CandidConverters.Null,
        [typeof(CandidReserved)] = CandidConverters.Reserved,
        [typeof(CandidValue)] = CandidConverters.Value,
    };

    private static readonly CandidConverter NatFromBigInteger = new BigIntegerAsNatConverter();

    private readonly ConcurrentDictionary<Type, CandidConverter> _cache = new();
    // Converters being built (under the lock, by one thread). A recursive type finds itself here; other threads
    // see a converter only once the outermost build is done and it moves to _cache.
    private readonly Dictionary<Type, CandidConverter> _building = new();
    private int _buildDepth;
    private readonly NullabilityInfoContext _nullability = new();
    private readonly Lock _buildLock = new();

    public CandidSerializerOptions Options { get; } = options;

    public CandidConverter<T> For<T>() => (CandidConverter<T>)For(typeof(T));

    public CandidConverter For(Type type)
    {
        if (_cache.TryGetValue(type, out var c)) return c;
        lock (_buildLock)
        {
            if (_cache.TryGetValue(type, out c) || _building.TryGetValue(type, out c)) return c;
            _buildDepth++;
            try
            {
                c = Create(type);
            }
            catch
            {
                if (_buildDepth == 1) _building.Clear();
                throw;
            }
            finally
            {
                _buildDepth--;
            }
            if (_buildDepth == 0)
            {
                foreach (var (t, built) in _building) _cache[t] = built;
                _building.Clear();
            }
            return c;
        }
    }

    /// <summary>A property's converter: nullable references become <c>opt</c>, <see cref="CandidNatAttribute"/> makes a big integer a <c>nat</c>.</summary>
    public CandidConverter ForProperty(PropertyInfo property)
    {
        if (property.PropertyType == typeof(BigInteger) && property.GetCustomAttribute<CandidNatAttribute>() is not null) return NatFromBigInteger;
        var converter = For(property.PropertyType);
        if (!property.PropertyType.IsValueType)
        {
            NullabilityInfo info;
            lock (_buildLock) info = _nullability.Create(property);
            if (info.ReadState == NullabilityState.Nullable) return Optional(property.PropertyType, converter);
        }
        return converter;
    }

    /// <summary>A record converter for a type even when it also plays another role (an alternative of a variant).</summary>
    public CandidConverter ForRecordOf(Type type)
    {
        var converter = (CandidConverter)Activator.CreateInstance(typeof(ReflectionRecordConverter<>).MakeGenericType(type))!;
        ((IReflectionConverter)converter).Build(this);
        return converter;
    }

    private CandidConverter Optional(Type type, CandidConverter inner) =>
        (CandidConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(type), inner)!;

    private CandidConverter Create(Type type)
    {
        foreach (var custom in Options.Converters)
            if (custom.ClrType == type) return _building[type] = custom;
        if (BuiltIn.TryGetValue(type, out var builtIn)) return _building[type] = builtIn;

        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return _building[type] = Make(typeof(NullableConverter<>), [underlying], For(underlying));
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CandidOption<>))
            return _building[type] = Make(typeof(CandidOptionConverter<>), type.GetGenericArguments(), For(type.GetGenericArguments()[0]));
        if (type.IsArray && type.GetArrayRank() == 1)
            return _building[type] = Make(typeof(ArrayConverter<>), [type.GetElementType()!], For(type.GetElementType()!));
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            return _building[type] = Make(typeof(ListConverter<>), type.GetGenericArguments(), For(type.GetGenericArguments()[0]));
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var args = type.GetGenericArguments();
            return _building[type] = Make(typeof(DictionaryConverter<,>), args, For(args[0]), For(args[1]));
        }
        if (type.IsEnum)
            return _building[type] = Make(typeof(EnumConverter<>), [type]);
        if (type.IsAbstract && type.GetCustomAttribute<CandidVariantAttribute>() is not null)
        {
            var variant = Make(typeof(ReflectionVariantConverter<>), [type]);
            _building[type] = variant;
            ((IReflectionConverter)variant).Build(this);
            return variant;
        }
        if (type.IsInterface || type.IsAbstract || type.IsPointer || type.IsGenericTypeDefinition)
            throw new CandidTypeException($"no Candid mapping for {type}: register a converter in CandidSerializerOptions.Converters");
        var record = Make(typeof(ReflectionRecordConverter<>), [type]);
        _building[type] = record;
        ((IReflectionConverter)record).Build(this);
        return record;
    }

    private static CandidConverter Make(Type generic, Type[] args, params object[] ctorArgs) =>
        (CandidConverter)Activator.CreateInstance(generic.MakeGenericType(args), ctorArgs)!;

    /// <summary>Reflection converters are built after they are cached, so recursive types find themselves.</summary>
    internal interface IReflectionConverter
    {
        void Build(CandidConverterResolver resolver);
    }

    private sealed class BigIntegerAsNatConverter : CandidConverter<BigInteger>
    {
        public override CandidType CandidType => CandidType.Nat;
        public override BigInteger Read(ref CandidReader reader, CandidWireType wire) => CandidConverters.Nat.Read(ref reader, wire).Value;
        public override void Write(CandidWriter writer, BigInteger value) => writer.WriteNat(value);
    }
}
