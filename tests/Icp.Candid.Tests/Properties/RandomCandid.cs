using System.Numerics;
using System.Text;

namespace Icp.Candid.Tests.Properties;

/// <summary>
/// Random Candid types and values from a seeded <see cref="Random"/>, so that a failure reproduces from
/// its seed. Types are depth-limited and may be recursive (through <see cref="CandidTypeReference"/>s
/// whose definitions are listed in <see cref="Definitions"/>); values of recursive types stop at a
/// depth limit by taking their base case (none, an empty vector, a non-recursive alternative).
/// </summary>
public sealed class RandomCandid(int seed)
{
    private static readonly CandidKind[] Primitives =
    [
        CandidKind.Null, CandidKind.Bool, CandidKind.Nat, CandidKind.Int, CandidKind.Nat8, CandidKind.Nat16, CandidKind.Nat32,
        CandidKind.Nat64, CandidKind.Int8, CandidKind.Int16, CandidKind.Int32, CandidKind.Int64, CandidKind.Float32,
        CandidKind.Float64, CandidKind.Text, CandidKind.Reserved, CandidKind.Principal,
    ];

    private static readonly string[] Words =
    [
        "a", "b", "id", "owner", "amount", "fee", "memo", "to", "from", "Ok", "Err", "value", "kids", "x_1", "_", "_x",
        "record", "opt", "with space", "ünïcödé", "quote\"d", "back\\slash", "", "0abc", "service", "nat",
    ];

    private readonly Random _r = new(seed);
    private readonly List<CandidTypeReference> _references = [];

    public int Seed { get; } = seed;

    public Random Rng => _r;

    /// <summary>Only finite floats (no NaN or infinities): the text format has no literal for those.</summary>
    public bool FiniteFloats { get; init; }

    /// <summary>The recursive definitions made so far, as .did text (for failure messages).</summary>
    public string Definitions => string.Join("\n", _references.Select(r => $"type {r.Name} = {r.Target};"));

    // ------------------------------------------------------------------ types

    /// <summary>A random type of at most <paramref name="depth"/> levels of constructors.</summary>
    public CandidType Type(int depth = 4)
    {
        if (depth <= 0) return Primitive();
        return _r.Next(16) switch
        {
            0 or 1 or 2 or 3 => Primitive(),
            4 or 5 => CandidType.Opt(Type(depth - 1)),
            6 or 7 => CandidType.Vec(Type(depth - 1)),
            8 => CandidType.Blob,
            9 or 10 => Record(depth),
            11 or 12 => Variant(depth),
            13 => _r.Next(2) == 0 ? Tuple(depth) : Func(),
            14 => _r.Next(4) == 0 ? new ServiceType([new CandidMethod(Name(), Func())]) : Primitive(),
            _ => Recursive(depth),
        };
    }

    public CandidType Primitive() => CandidType.Primitive(Primitives[_r.Next(Primitives.Length)]);

    /// <summary>A record of 0 to 5 fields with random labels (names or ids, unique ids).</summary>
    public RecordType Record(int depth) => CandidType.Record(Fields(depth, _r.Next(6)));

    public VariantType Variant(int depth) => CandidType.Variant(Fields(depth, 1 + _r.Next(5)));

    public RecordType Tuple(int depth) => CandidType.Tuple(Enumerable.Range(0, _r.Next(4)).Select(_ => Type(depth - 1)).ToArray());

    public FuncType Func() =>
        new([.. Enumerable.Range(0, _r.Next(3)).Select(_ => (CandidParameter)Primitive())],
            [.. Enumerable.Range(0, _r.Next(2)).Select(_ => (CandidParameter)Primitive())],
            _r.Next(3) switch { 0 => FuncModes.None, 1 => FuncModes.Query, _ => FuncModes.CompositeQuery });

    /// <summary>Fields with unique ids: named (hashing, some needing quotes) or numbered.</summary>
    public List<CandidField> Fields(int depth, int count, ISet<uint>? taken = null)
    {
        taken ??= new HashSet<uint>();
        var fields = new List<CandidField>();
        while (fields.Count < count)
        {
            var label = Label();
            if (!taken.Add(label.Id)) continue;
            fields.Add(new CandidField(label, Type(depth - 1)));
        }

        return fields;
    }

    public CandidLabel Label() => _r.Next(3) switch
    {
        0 => CandidLabel.FromId((uint)_r.Next(0, 8)),
        1 => CandidLabel.FromId(unchecked((uint)_r.NextInt64(0, 1L << 32))),
        _ => CandidLabel.FromName(Name()),
    };

    public string Name() => _r.Next(3) == 0 ? Words[_r.Next(Words.Length)] + _r.Next(100) : Words[_r.Next(Words.Length)];

    /// <summary>A recursive type: a list, a tree, a rose tree, or a pair of mutually recursive types.</summary>
    public CandidType Recursive(int depth)
    {
        var element = Type(Math.Min(depth - 1, 2));
        var r = NewReference();
        switch (_r.Next(4))
        {
            case 0: // type L = opt record { head : T; tail : L }
                r.Bind(CandidType.Opt(CandidType.Record(new CandidField("head", element), new CandidField("tail", r))));
                break;
            case 1: // type T = variant { leaf : T; node : record { T; T } }
                r.Bind(CandidType.Variant(new CandidField("leaf", element), new CandidField("node", CandidType.Tuple(r, r))));
                break;
            case 2: // type R = record { v : T; kids : vec R }
                r.Bind(CandidType.Record(new CandidField("v", element), new CandidField(7, CandidType.Vec(r))));
                break;
            default: // type A = opt record { x : T; b : B }; type B = variant { stop; more : A }
                var b = NewReference();
                r.Bind(CandidType.Opt(CandidType.Record(new CandidField("x", element), new CandidField("b", b))));
                b.Bind(CandidType.Variant(new CandidField("stop", CandidType.Null), new CandidField("more", r)));
                break;
        }

        return r;
    }

    private CandidTypeReference NewReference()
    {
        var r = CandidType.Reference($"Rec{_references.Count}");
        _references.Add(r);
        return r;
    }

    // ------------------------------------------------------------------ values

    /// <summary>A random value of <paramref name="type"/>; below <paramref name="depth"/> recursion takes its base case.</summary>
    public CandidValue Value(CandidType type, int depth = 8)
    {
        var t = type.Resolve();
        bool stop = depth <= 0;
        switch (t)
        {
            case PrimitiveType p:
                return PrimitiveValue(p.Kind);
            case OptType o:
                return stop || _r.Next(3) == 0 ? CandidValue.None : CandidValue.Some(Value(o.Inner, depth - 1));
            case VecType v when v.IsBlob && _r.Next(2) == 0:
                return CandidValue.Blob(Bytes(_r.Next(40)));
            case VecType v:
                return CandidValue.Vec(Enumerable.Range(0, stop ? 0 : _r.Next(5)).Select(_ => Value(v.Element, depth - 1)).ToArray());
            case RecordType rec:
                return CandidValue.Record(rec.Fields.Select(f => new CandidFieldValue(f.Label, Value(f.Type, depth - 1))).ToArray());
            case VariantType variant:
            {
                // The recursive shapes recurse through "node" and "more"; every other alternative ends.
                var choices = stop ? variant.Fields.Where(f => f.Label.Id != NodeId && f.Label.Id != MoreId).ToList() : [.. variant.Fields];
                var f = choices[_r.Next(choices.Count)];
                return CandidValue.Variant(f.Label, Value(f.Type, depth - 1));
            }
            case FuncType:
                return CandidValue.Func(PrincipalValue(), Name());
            case ServiceType:
                return CandidValue.Service(PrincipalValue());
            default:
                throw new InvalidOperationException($"no values for {t}");
        }
    }

    private static readonly uint NodeId = CandidLabel.Hash("node");
    private static readonly uint MoreId = CandidLabel.Hash("more");

    public CandidValue PrimitiveValue(CandidKind kind) => kind switch
    {
        CandidKind.Null => CandidValue.Null,
        CandidKind.Reserved => CandidValue.Reserved,
        CandidKind.Bool => CandidValue.Bool(_r.Next(2) == 0),
        CandidKind.Nat => CandidValue.Nat(BigInteger.Abs(BigInt())),
        CandidKind.Int => CandidValue.Int(BigInt()),
        CandidKind.Nat8 => CandidValue.Nat8((byte)Bits()),
        CandidKind.Nat16 => CandidValue.Nat16((ushort)Bits()),
        CandidKind.Nat32 => CandidValue.Nat32((uint)Bits()),
        CandidKind.Nat64 => CandidValue.Nat64(Bits()),
        CandidKind.Int8 => CandidValue.Int8(unchecked((sbyte)Bits())),
        CandidKind.Int16 => CandidValue.Int16(unchecked((short)Bits())),
        CandidKind.Int32 => CandidValue.Int32(unchecked((int)Bits())),
        CandidKind.Int64 => CandidValue.Int64(unchecked((long)Bits())),
        CandidKind.Float32 => CandidValue.Float32(_r.Next(6) switch
        {
            0 when !FiniteFloats => float.NaN,
            1 when !FiniteFloats => float.NegativeInfinity,
            2 when !FiniteFloats => BitConverter.UInt32BitsToSingle((uint)Bits()),
            3 => -0.0f,
            _ => (float)((_r.NextDouble() - 0.5) * Math.Pow(10, _r.Next(-10, 10))),
        }),
        CandidKind.Float64 => CandidValue.Float64(_r.Next(6) switch
        {
            0 when !FiniteFloats => double.NaN,
            1 when !FiniteFloats => double.PositiveInfinity,
            2 when !FiniteFloats => BitConverter.UInt64BitsToDouble(Bits()),
            3 => double.Epsilon,
            _ => (_r.NextDouble() - 0.5) * Math.Pow(10, _r.Next(-300, 300)),
        }),
        CandidKind.Text => CandidValue.Text(Text()),
        CandidKind.Principal => CandidValue.Principal(PrincipalValue()),
        _ => throw new InvalidOperationException($"no values for {kind}"),
    };

    /// <summary>Edge values often: 0, 1, max, min, powers of two around 2^63 and 2^64.</summary>
    private ulong Bits() => _r.Next(5) switch
    {
        0 => 0,
        1 => ulong.MaxValue,
        2 => 1UL << _r.Next(64),
        3 => (1UL << _r.Next(64)) - 1,
        _ => unchecked((ulong)_r.NextInt64() ^ ((ulong)_r.Next() << 33)),
    };

    private BigInteger BigInt()
    {
        var magnitude = _r.Next(4) switch
        {
            0 => new BigInteger(_r.Next(200)),
            1 => (BigInteger.One << _r.Next(200)) - _r.Next(2),
            _ => new BigInteger(Bytes(1 + _r.Next(30)), isUnsigned: true),
        };
        return _r.Next(2) == 0 ? magnitude : -magnitude;
    }

    public byte[] Bytes(int n)
    {
        var b = new byte[n];
        _r.NextBytes(b);
        return b;
    }

    /// <summary>Text of Unicode scalar values: ASCII, controls, quotes and backslashes, other planes.</summary>
    public string Text()
    {
        var sb = new StringBuilder();
        int n = _r.Next(12);
        for (int i = 0; i < n; i++)
        {
            int cp = _r.Next(6) switch
            {
                0 => _r.Next(0, 0x20),
                1 => "\"'\\{}\u007f"[_r.Next(6)],
                2 => _r.Next(0x80, 0xD800),
                3 => _r.Next(0xE000, 0x10000),
                4 => _r.Next(0x10000, 0x110000),
                _ => _r.Next(0x20, 0x7f),
            };
            sb.Append(char.ConvertFromUtf32(cp));
        }

        return sb.ToString();
    }

    public Principal PrincipalValue() => _r.Next(4) == 0 ? Principal.Anonymous : Principal.FromBytes(Bytes(_r.Next(0, 30)));

    /// <summary>The type and value for a failure message.</summary>
    public string Describe(IReadOnlyList<CandidType> types, IReadOnlyList<CandidValue>? values)
    {
        var sb = new StringBuilder($"seed {Seed}\n");
        if (_references.Count > 0) sb.Append(Definitions).Append('\n');
        sb.Append("types: (").Append(string.Join(", ", types)).Append(")\n");
        if (values is not null)
        {
            try
            {
                sb.Append("value: ").Append(CandidValuePrinter.PrintArguments(values, types));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                sb.Append("value (untyped): ").Append(CandidValuePrinter.PrintArguments(values)).Append(" [typed printing failed: ").Append(e.Message).Append(']');
            }
        }

        return sb.ToString();
    }
}
