using System.Text;

namespace Icp.Candid;

/// <summary>Reads the header of a message: the magic number <c>DIDL</c>, the type table and the argument types.</summary>
internal static class CandidTypeTable
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Reads the header; on return the reader stands at the first value.</summary>
    public static CandidWireType[] ReadHeader(ref CandidReader r)
    {
        if (r.Remaining < 4 || !r.ReadBytes(4).SequenceEqual("DIDL"u8))
        {
            r.Seek(0);
            throw r.Error("not a Candid message: it does not start with the magic number DIDL");
        }
        var options = r.Options;
        int count = r.ReadLength();
        if (count > options.MaxTypeTableLength) throw r.Error($"type table has {count} entries, more than the limit of {options.MaxTypeTableLength}");
        r.Charge(count);
        var table = new CandidWireType[count];
        for (int i = 0; i < count; i++) table[i] = new CandidWireType(CandidKind.Empty, i);
        for (int i = 0; i < count; i++) ReadEntry(ref r, table, table[i]);

        int argCount = r.ReadLength();
        r.Charge(argCount);
        var args = new CandidWireType[argCount];
        for (int i = 0; i < argCount; i++) args[i] = ReadTypeReference(ref r, table);

        foreach (var t in table) CheckReferences(ref r, t);
        MarkShared(table, args);
        ComputeZeroSized(table);
        return args;
    }

    private static void ReadEntry(ref CandidReader r, CandidWireType[] table, CandidWireType entry)
    {
        int at = r.Position;
        long opcode = r.ReadSignedLeb128();
        switch (opcode)
        {
            case (int)CandidKind.Opt:
            case (int)CandidKind.Vec:
                entry.Kind = (CandidKind)opcode;
                entry.Inner = ReadTypeReference(ref r, table);
                break;
            case (int)CandidKind.Record:
            case (int)CandidKind.Variant:
            {
                entry.Kind = (CandidKind)opcode;
                int n = ReadCount(ref r, "fields");
                var ids = new uint[n];
                var types = new CandidWireType[n];
                for (int k = 0; k < n; k++)
                {
                    int fieldAt = r.Position;
                    ulong id = r.ReadUnsignedLeb128();
                    if (id > uint.MaxValue) { r.Seek(fieldAt); throw r.Error($"field id {id} is larger than 2^32-1"); }
                    if (k > 0 && (uint)id <= ids[k - 1])
                    {
                        r.Seek(fieldAt);
                        throw r.Error((uint)id == ids[k - 1]
                            ? $"{entry.Kind.Keyword()} type has the field id {id} twice"
                            : $"{entry.Kind.Keyword()} type fields are not in increasing order of id ({id} after {ids[k - 1]})");
                    }
                    ids[k] = (uint)id;
                    types[k] = ReadTypeReference(ref r, table);
                }
                entry.FieldIds = ids;
                entry.FieldTypes = types;
                break;
            }
            case (int)CandidKind.Func:
            {
                entry.Kind = CandidKind.Func;
                entry.FuncArguments = ReadTypeList(ref r, table, "arguments");
                entry.FuncResults = ReadTypeList(ref r, table, "results");
                int n = ReadCount(ref r, "annotations");
                var modes = FuncModes.None;
                for (int k = 0; k < n; k++)
                {
                    byte a = r.ReadByte();
                    modes |= a switch
                    {
                        1 => FuncModes.Query,
                        2 => FuncModes.Oneway,
                        3 => FuncModes.CompositeQuery,
                        _ => throw new CandidDecodeException($"unknown function annotation {a}", r.Position - 1),
                    };
                }
                if (System.Numerics.BitOperations.PopCount((uint)modes) > 1) throw r.Error("a function type has more than one of query, oneway and composite_query");
                if ((modes & FuncModes.Oneway) != 0 && entry.FuncResults.Length > 0) throw r.Error("a oneway function type has results");
                entry.FuncModes = modes;
                break;
            }
            case (int)CandidKind.Service:
            {
                entry.Kind = CandidKind.Service;
                int n = ReadCount(ref r, "methods");
                var names = new string[n];
                var types = new CandidWireType[n];
                byte[]? previous = null;
                for (int k = 0; k < n; k++)
                {
                    int nameAt = r.Position;
                    int len = r.ReadLength();
                    var nameBytes = r.ReadBytes(len);
                    string name;
                    try { name = StrictUtf8.GetString(nameBytes); }
                    catch (DecoderFallbackException) { r.Seek(nameAt); throw r.Error("method name is not valid UTF-8"); }
                    if (previous is not null && nameBytes.SequenceCompareTo(previous) <= 0)
                    {
                        r.Seek(nameAt);
                        throw r.Error($"service methods are not in increasing order of name ('{name}')");
                    }
                    previous = nameBytes.ToArray();
                    names[k] = name;
                    types[k] = ReadTypeReference(ref r, table);
                }
                entry.MethodNames = names;
                entry.MethodTypes = types;
                break;
            }
            case < (int)CandidKind.Principal:
            {
                // A future type: a byte count and that many bytes describe it; its values can be skipped.
                entry.Kind = CandidKind.Future;
                int length = r.ReadLength();
                r.Skip(length);
                break;
            }
            default:
                r.Seek(at);
                // Future opcodes (below -24) have their own case above: what is left is a type index or a primitive.
                throw r.Error(opcode >= 0
                    ? $"type table entry {entry.TableIndex} is the type index {opcode}; the table holds only constructed types"
                    : $"type table entry {entry.TableIndex} is the primitive type {((CandidKind)opcode).Keyword()}; the table holds only constructed types");
        }
    }

    private static int ReadCount(ref CandidReader r, string what)
    {
        int n = r.ReadLength();
        if (n > r.Options.MaxFieldsPerType) throw r.Error($"a type has {n} {what}, more than the limit of {r.Options.MaxFieldsPerType}");
        r.Charge(n);
        return n;
    }

    private static CandidWireType[] ReadTypeList(ref CandidReader r, CandidWireType[] table, string what)
    {
        int n = ReadCount(ref r, what);
        var list = new CandidWireType[n];
        for (int i = 0; i < n; i++) list[i] = ReadTypeReference(ref r, table);
        return list;
    }

    private static CandidWireType ReadTypeReference(ref CandidReader r, CandidWireType[] table)
    {
        int at = r.Position;
        long code = r.ReadSignedLeb128();
        if (code >= 0)
        {
            if (code >= table.Length) { r.Seek(at); throw r.Error($"type index {code} is out of range (the table has {table.Length} entries)"); }
            return table[code];
        }
        if (code >= (int)CandidKind.Principal && ((CandidKind)code).IsPrimitive()) return CandidWireType.Primitive((CandidKind)code);
        r.Seek(at);
        throw r.Error(code >= (int)CandidKind.Principal
            ? $"the constructor {((CandidKind)code).Keyword()} must be defined in the type table, not used directly"
            : $"type opcode {code} is not a type this decoder knows");
    }

    private static void CheckReferences(ref CandidReader r, CandidWireType t)
    {
        if (t.Kind != CandidKind.Service) return;
        for (int i = 0; i < t.MethodTypes.Length; i++)
            if (t.MethodTypes[i].Kind != CandidKind.Func)
                throw r.Error($"method '{t.MethodNames[i]}' of service type {t.TableIndex} has a type that is not a function");
    }

    // Zero-sized types (null, reserved, records of only such fields) take no bytes, so a vector of them
    // is not bounded by the input: their cost is charged per element instead. The greatest fixed point
    // marks recursive records zero-sized; those have no finite value, which ZeroSizedCost = -1 records.
    private static void ComputeZeroSized(CandidWireType[] table)
    {
        // Start from "every record" and remove records with a field that takes bytes, following the uses
        // backwards: linear in the table, where repeated passes would be quadratic on long chains.
        foreach (var t in table) t.IsZeroSized = t.Kind == CandidKind.Record;
        var usedBy = new List<CandidWireType>?[table.Length];
        var sized = new Queue<CandidWireType>();
        foreach (var t in table)
        {
            if (t.Kind != CandidKind.Record) continue;
            foreach (var f in t.FieldTypes)
            {
                if (!f.IsZeroSized) sized.Enqueue(t);
                else if (f.TableIndex >= 0) (usedBy[f.TableIndex] ??= []).Add(t);
            }
        }
        while (sized.Count > 0)
        {
            var t = sized.Dequeue();
            if (!t.IsZeroSized) continue;
            t.IsZeroSized = false;
            if (usedBy[t.TableIndex] is { } users)
                foreach (var u in users)
                    if (u.IsZeroSized) sized.Enqueue(u);
        }
        ComputeZeroSizedCosts(table);
    }

    // An entry used in more than one place converts to a named reference (see CandidWireType.ToCandidType):
    // printed inline, a chain of entries that each use the next twice would double at every level.
    private static void MarkShared(CandidWireType[] table, CandidWireType[] args)
    {
        var uses = new int[table.Length];
        foreach (var t in table)
            foreach (var c in t.Children())
                if (c.TableIndex >= 0) uses[c.TableIndex]++;
        foreach (var a in args)
            if (a.TableIndex >= 0) uses[a.TableIndex]++;
        for (int i = 0; i < table.Length; i++) table[i].ByReference = uses[i] > 1;
    }

    // The number of value nodes in one value of each zero-sized record, by a post-order walk with its own
    // stack (chains as long as the table do not reach the thread's stack). A record on a cycle has no
    // finite value: -1. Shared entries make the count grow exponentially, so it saturates.
    private static void ComputeZeroSizedCosts(CandidWireType[] table)
    {
        const byte Open = 1, Done = 2;
        var state = new byte[table.Length];
        var stack = new Stack<(CandidWireType Node, int Next)>();
        foreach (var root in table)
        {
            if (!root.IsZeroSized || state[root.TableIndex] != 0) continue;
            state[root.TableIndex] = Open;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                if (next < t.FieldTypes.Length)
                {
                    stack.Push((t, next + 1));
                    var f = t.FieldTypes[next];
                    if (f.TableIndex >= 0 && state[f.TableIndex] == 0)
                    {
                        state[f.TableIndex] = Open;
                        stack.Push((f, 0));
                    }
                    continue;
                }
                long total = 1;
                foreach (var f in t.FieldTypes)
                {
                    // A field still open is an ancestor in the walk: a cycle.
                    long c = f.TableIndex < 0 ? 1 : state[f.TableIndex] == Open ? -1 : f.ZeroSizedCost;
                    if (c < 0 || total < 0) { total = -1; continue; }
                    total = Math.Min(total + c, long.MaxValue / 4);
                }
                t.ZeroSizedCost = total;
                state[t.TableIndex] = Done;
            }
        }
    }
}
