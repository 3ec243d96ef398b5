namespace Icp.Candid;

/// <summary>
/// Builds the type table of a message: each constructed type gets an entry (recursive types refer to
/// their own entry), primitives are written as their opcodes. Entries are shared by object identity,
/// and simple types (made of primitives only) also by structure.
/// </summary>
public sealed class CandidTypeTableBuilder
{
    private readonly Dictionary<CandidType, int> _byIdentity = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<CandidType, int> _byStructure = new();
    private readonly List<byte[]?> _entries = [];

    /// <summary>The number of entries so far.</summary>
    public int Count => _entries.Count;

    /// <summary>The code to write for <paramref name="type"/>: a primitive's opcode or the index of its entry.</summary>
    /// <remarks>Entries are numbered depth first (an entry before the entries it uses, those in order) with
    /// a stack of its own, so types nested any depth need no thread stack; each entry is written once the
    /// codes it refers to are all known.</remarks>
    public long GetCode(CandidType type)
    {
        var t = type.Resolve();
        if (t is PrimitiveType p) return (long)p.Kind;
        if (Known(t, out int index)) return index;
        var added = new List<CandidType>();
        var stack = new Stack<CandidType>();
        var children = new List<CandidType>();
        stack.Push(t);
        while (stack.Count > 0)
        {
            var x = stack.Pop().Resolve();
            if (x is PrimitiveType || Known(x, out _)) continue;
            int at = _entries.Count;
            _entries.Add(null);
            _byIdentity[x] = at;
            if (IsSimple(x)) _byStructure[x] = at;
            added.Add(x);
            children.Clear();
            AddChildren(x, children);
            for (int i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
        foreach (var x in added)
        {
            using var w = new CandidWriter(32);
            WriteEntry(w, x);
            _entries[_byIdentity[x]] = w.ToArray();
        }
        return _byIdentity[t];
    }

    /// <summary>True when the type has an entry already: the same object, or a simple type of the same structure.</summary>
    private bool Known(CandidType t, out int index)
    {
        if (_byIdentity.TryGetValue(t, out index)) return true;
        if (IsSimple(t) && _byStructure.TryGetValue(t, out index))
        {
            _byIdentity[t] = index;
            return true;
        }
        return false;
    }

    /// <summary>The code of a type whose entry exists (the numbering pass gave every inner type one).</summary>
    private long Code(CandidType type)
    {
        var t = type.Resolve();
        return t is PrimitiveType p ? (long)p.Kind : _byIdentity[t];
    }

    /// <summary>The types an entry refers to, in the order <see cref="WriteEntry"/> writes them.</summary>
    private static void AddChildren(CandidType t, List<CandidType> children)
    {
        switch (t)
        {
            case OptType o: children.Add(o.Inner); break;
            case VecType v: children.Add(v.Element); break;
            case FieldListType f: foreach (var field in f.Fields) children.Add(field.Type); break;
            case FuncType fn:
                foreach (var a in fn.Arguments) children.Add(a.Type);
                foreach (var a in fn.Results) children.Add(a.Type);
                break;
            case ServiceType s: foreach (var m in s.Methods) children.Add(m.Type); break;
        }
    }

    private static bool IsSimple(CandidType t) => t switch
    {
        OptType o => o.Inner is PrimitiveType,
        VecType v => v.Element is PrimitiveType,
        FieldListType f => f.Fields.All(x => x.Type is PrimitiveType),
        _ => false,
    };

    private void WriteEntry(CandidWriter w, CandidType t)
    {
        w.WriteSignedLeb128((long)t.Kind);
        switch (t)
        {
            case OptType o:
                w.WriteSignedLeb128(Code(o.Inner));
                break;
            case VecType v:
                w.WriteSignedLeb128(Code(v.Element));
                break;
            case FieldListType f:
                w.WriteLength(f.Fields.Count);
                foreach (var field in f.Fields)
                {
                    w.WriteUnsignedLeb128(field.Label.Id);
                    w.WriteSignedLeb128(Code(field.Type));
                }
                break;
            case FuncType fn:
                w.WriteLength(fn.Arguments.Count);
                foreach (var a in fn.Arguments) w.WriteSignedLeb128(Code(a.Type));
                w.WriteLength(fn.Results.Count);
                foreach (var a in fn.Results) w.WriteSignedLeb128(Code(a.Type));
                if (fn.Modes == FuncModes.None) w.WriteLength(0);
                else
                {
                    w.WriteLength(1);
                    w.WriteByte(fn.Modes switch { FuncModes.Query => 1, FuncModes.Oneway => 2, _ => 3 });
                }
                break;
            case ServiceType s:
                w.WriteLength(s.Methods.Count);
                foreach (var m in s.Methods)
                {
                    w.WriteText(m.Name);
                    w.WriteSignedLeb128(Code(m.Type));
                }
                break;
            default:
                throw new ArgumentException($"cannot write type {t}", nameof(t));
        }
    }

    /// <summary>Writes <c>DIDL</c>, the table and the argument codes.</summary>
    public void WriteHeader(CandidWriter writer, ReadOnlySpan<long> argumentCodes)
    {
        writer.WriteBytes("DIDL"u8);
        writer.WriteLength(_entries.Count);
        foreach (var e in _entries) writer.WriteBytes(e!);
        writer.WriteLength(argumentCodes.Length);
        foreach (var c in argumentCodes) writer.WriteSignedLeb128(c);
    }
}
