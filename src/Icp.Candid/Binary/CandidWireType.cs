using System.Text;

namespace Icp.Candid;

/// <summary>
/// A type as a message's type table states it: a compact graph (records and variants hold sorted ids and
/// the field types directly, recursion is a cycle of objects) that decoding walks without name lookups.
/// Converters receive the wire type of the value they read.
/// </summary>
public sealed class CandidWireType
{
    private static readonly CandidWireType[] Primitives = BuildPrimitives();
    private static readonly uint[] NoIds = [];
    private static readonly CandidWireType[] NoTypes = [];

    private CandidType? _candidType;

    internal CandidWireType(CandidKind kind, int tableIndex)
    {
        Kind = kind;
        TableIndex = tableIndex;
    }

    /// <summary>The kind of the type.</summary>
    public CandidKind Kind { get; internal set; }

    /// <summary>The index in the message's type table, or -1 for a primitive type.</summary>
    public int TableIndex { get; }

    /// <summary>For <c>opt</c> and <c>vec</c>: the inner type.</summary>
    public CandidWireType? Inner { get; internal set; }

    /// <summary>For records and variants: the field ids, strictly increasing.</summary>
    public uint[] FieldIds { get; internal set; } = NoIds;

    /// <summary>For records and variants: the field types, parallel to <see cref="FieldIds"/>.</summary>
    public CandidWireType[] FieldTypes { get; internal set; } = NoTypes;

    internal CandidWireType[] FuncArguments { get; set; } = NoTypes;
    internal CandidWireType[] FuncResults { get; set; } = NoTypes;
    internal FuncModes FuncModes { get; set; }
    internal string[] MethodNames { get; set; } = [];
    internal CandidWireType[] MethodTypes { get; set; } = NoTypes;

    /// <summary>True when values of this type take no bytes (null, reserved, records of such).</summary>
    internal bool IsZeroSized { get; set; }

    /// <summary>For zero-sized types: the number of value nodes one value has; -1 when no finite value exists.</summary>
    internal long ZeroSizedCost { get; set; }

    /// <summary>True for <c>vec nat8</c>.</summary>
    public bool IsBlob => Kind == CandidKind.Vec && Inner!.Kind == CandidKind.Nat8;

    /// <summary>The shared wire type of a primitive kind.</summary>
    public static CandidWireType Primitive(CandidKind kind) =>
        kind.IsPrimitive() ? Primitives[-(int)kind] : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not primitive");

    private static CandidWireType[] BuildPrimitives()
    {
        var a = new CandidWireType[25];
        for (int code = 1; code <= 24; code++)
        {
            var k = (CandidKind)(-code);
            if (!k.IsPrimitive()) continue;
            a[code] = new CandidWireType(k, -1)
            {
                IsZeroSized = k is CandidKind.Null or CandidKind.Reserved,
                ZeroSizedCost = k is CandidKind.Null or CandidKind.Reserved ? 1 : 0,
            };
        }
        return a;
    }

    /// <summary>The same type in the model of <see cref="CandidType"/> (table entries become references named <c>table0</c>, <c>table1</c>, ...).</summary>
    public CandidType ToCandidType() => ToCandidType(new Dictionary<CandidWireType, CandidTypeReference>());

    private CandidType ToCandidType(Dictionary<CandidWireType, CandidTypeReference> seen)
    {
        if (_candidType is not null) return _candidType;
        if (TableIndex < 0) return _candidType = CandidType.Primitive(Kind);
        if (seen.TryGetValue(this, out var r)) return r;
        var reference = CandidType.Reference("table" + TableIndex);
        seen[this] = reference;
        CandidType t = Kind switch
        {
            CandidKind.Opt => new OptType(Inner!.ToCandidType(seen)),
            CandidKind.Vec => new VecType(Inner!.ToCandidType(seen)),
            CandidKind.Record => new RecordType(Fields(seen)),
            CandidKind.Variant => new VariantType(Fields(seen)),
            CandidKind.Func => new FuncType(
                FuncArguments.Select(a => new CandidParameter(a.ToCandidType(seen))),
                FuncResults.Select(a => new CandidParameter(a.ToCandidType(seen))),
                FuncModes),
            CandidKind.Service => new ServiceType(MethodNames.Select((n, i) => new CandidMethod(n, MethodTypes[i].ToCandidType(seen)))),
            CandidKind.Future => new FutureType(),
            _ => throw new InvalidOperationException($"unexpected kind {Kind}"),
        };
        reference.Bind(t);
        // A type that was not reached again while building is not recursive: it needs no reference.
        _candidType = ReferenceTargetUsed(reference, t) ? reference : t;
        return _candidType;
    }

    private IEnumerable<CandidField> Fields(Dictionary<CandidWireType, CandidTypeReference> seen)
    {
        var list = new List<CandidField>(FieldIds.Length);
        for (int i = 0; i < FieldIds.Length; i++) list.Add(new CandidField(CandidLabel.FromId(FieldIds[i]), FieldTypes[i].ToCandidType(seen)));
        return list;
    }

    private static bool ReferenceTargetUsed(CandidTypeReference reference, CandidType t)
    {
        var stack = new Stack<CandidType>();
        var visited = new HashSet<CandidType>(ReferenceEqualityComparer.Instance);
        stack.Push(t);
        while (stack.Count > 0)
        {
            var x = stack.Pop();
            if (ReferenceEquals(x, reference)) return true;
            if (x is CandidTypeReference || !visited.Add(x)) continue;
            switch (x)
            {
                case OptType o: stack.Push(o.Inner); break;
                case VecType v: stack.Push(v.Element); break;
                case FieldListType f: foreach (var fld in f.Fields) stack.Push(fld.Type); break;
                case FuncType fn:
                    foreach (var a in fn.Arguments) stack.Push(a.Type);
                    foreach (var a in fn.Results) stack.Push(a.Type);
                    break;
                case ServiceType s: foreach (var m in s.Methods) stack.Push(m.Type); break;
            }
        }
        return false;
    }

    /// <summary>The type in the Candid language.</summary>
    public override string ToString()
    {
        if (TableIndex < 0) return Kind.Keyword();
        var sb = new StringBuilder();
        CandidTypePrinter.Append(sb, ToCandidType());
        return sb.ToString();
    }
}
