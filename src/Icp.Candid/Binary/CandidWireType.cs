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

    /// <summary>True for table entries that convert to a named reference: shared by several uses (printing
    /// them inline would repeat them, exponentially in a chain of shared entries) or recursive.</summary>
    internal bool ByReference { get; set; }

    private bool _converting;

    /// <summary>
    /// The same type in the model of <see cref="CandidType"/>. Table entries that are used more than once or
    /// recursively become references named <c>table0</c>, <c>table1</c>, ...; the others are inlined. The
    /// conversion walks the table once with its own stack (linear time, no recursion), and is cached.
    /// </summary>
    public CandidType ToCandidType()
    {
        if (_candidType is not null) return _candidType;
        if (TableIndex < 0) return _candidType = CandidType.Primitive(Kind);
        var stack = new Stack<(CandidWireType Node, int Next)>();
        Open(this, stack);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            int count = node.ChildCount;
            while (next < count && node.Child(next).IsConverted) next++;
            if (next < count)
            {
                stack.Push((node, next + 1));
                var child = node.Child(next);
                if (child._converting)
                {
                    // Reached again while its own conversion is under way: a cycle through an entry used
                    // once. It becomes a reference, bound when its conversion finishes.
                    child._candidType = CandidType.Reference("table" + child.TableIndex);
                }
                else Open(child, stack);
                continue;
            }
            var structure = node.BuildStructure();
            node._converting = false;
            if (node._candidType is CandidTypeReference reference) reference.Bind(structure);
            else node._candidType = structure;
        }
        return _candidType!;
    }

    private bool IsConverted => TableIndex < 0 || _candidType is not null;

    private static void Open(CandidWireType node, Stack<(CandidWireType, int)> stack)
    {
        node._converting = true;
        if (node.ByReference) node._candidType = CandidType.Reference("table" + node.TableIndex);
        stack.Push((node, 0));
    }

    private int ChildCount => Kind switch
    {
        CandidKind.Opt or CandidKind.Vec => 1,
        CandidKind.Record or CandidKind.Variant => FieldTypes.Length,
        CandidKind.Func => FuncArguments.Length + FuncResults.Length,
        CandidKind.Service => MethodTypes.Length,
        _ => 0,
    };

    private CandidWireType Child(int i) => Kind switch
    {
        CandidKind.Opt or CandidKind.Vec => Inner!,
        CandidKind.Record or CandidKind.Variant => FieldTypes[i],
        CandidKind.Func => i < FuncArguments.Length ? FuncArguments[i] : FuncResults[i - FuncArguments.Length],
        CandidKind.Service => MethodTypes[i],
        _ => throw new InvalidOperationException($"{Kind} has no inner types"),
    };

    /// <summary>Every type table entry this one refers to (its children), each once per use.</summary>
    internal IEnumerable<CandidWireType> Children()
    {
        int n = ChildCount;
        for (int i = 0; i < n; i++) yield return Child(i);
    }

    // The children are converted already (the caller's walk is post-order).
    private CandidType BuildStructure()
    {
        static CandidType Of(CandidWireType w) => w._candidType ?? w.ToCandidType();
        switch (Kind)
        {
            case CandidKind.Opt: return new OptType(Of(Inner!));
            case CandidKind.Vec: return new VecType(Of(Inner!));
            case CandidKind.Record:
            case CandidKind.Variant:
            {
                var list = new List<CandidField>(FieldIds.Length);
                for (int i = 0; i < FieldIds.Length; i++) list.Add(new CandidField(CandidLabel.FromId(FieldIds[i]), Of(FieldTypes[i])));
                return Kind == CandidKind.Record ? new RecordType(list) : new VariantType(list);
            }
            case CandidKind.Func:
                return new FuncType(
                    FuncArguments.Select(a => new CandidParameter(Of(a))).ToArray(),
                    FuncResults.Select(a => new CandidParameter(Of(a))).ToArray(),
                    FuncModes);
            case CandidKind.Service:
                return new ServiceType(MethodNames.Select((n, i) => new CandidMethod(n, Of(MethodTypes[i]))).ToArray());
            case CandidKind.Future:
                return new FutureType();
            default:
                throw new InvalidOperationException($"unexpected kind {Kind}");
        }
    }

    /// <summary>
    /// The type in the Candid language for messages: its outermost constructor, with shared and recursive
    /// table entries inside it by name (<c>table3</c>), at most <see cref="CandidTypePrinter.MessageLength"/> characters.
    /// </summary>
    public override string ToString()
    {
        if (TableIndex < 0) return Kind.Keyword();
        var t = ToCandidType();
        if (t is CandidTypeReference r) t = r.Target!;
        return CandidTypePrinter.ForMessage(t);
    }
}
