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
    public long GetCode(CandidType type)
    {
        var t = type.Resolve();
        if (t is PrimitiveType p) return (long)p.Kind;
        if (_byIdentity.TryGetValue(t, out int index)) return index;
        bool simple = IsSimple(t);
        if (simple && _byStructure.TryGetValue(t, out index))
        {
            _byIdentity[t] = index;
            return index;
        }
        index = _entries.Count;
        _entries.Add(null);
        _byIdentity[t] = index;
        if (simple) _byStructure[t] = index;
        using var w = new CandidWriter(32);
        WriteEntry(w, t);
        _entries[index] = w.ToArray();
        return index;
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
                w.WriteSignedLeb128(GetCode(o.Inner));
                break;
            case VecType v:
                w.WriteSignedLeb128(GetCode(v.Element));
                break;
            case FieldListType f:
                w.WriteLength(f.Fields.Count);
                foreach (var field in f.Fields)
                {
                    w.WriteUnsignedLeb128(field.Label.Id);
                    w.WriteSignedLeb128(GetCode(field.Type));
                }
                break;
            case FuncType fn:
                w.WriteLength(fn.Arguments.Count);
                foreach (var a in fn.Arguments) w.WriteSignedLeb128(GetCode(a.Type));
                w.WriteLength(fn.Results.Count);
                foreach (var a in fn.Results) w.WriteSignedLeb128(GetCode(a.Type));
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
                    w.WriteSignedLeb128(GetCode(m.Type));
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
