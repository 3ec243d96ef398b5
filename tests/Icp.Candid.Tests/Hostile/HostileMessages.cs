namespace Icp.Candid.Tests.Hostile;

/// <summary>The constructor each entry of a generated chain uses.</summary>
public enum Nesting { Opt, Vec, Record, Variant, Func, Service }

/// <summary>
/// Builds Candid messages whose type tables are hostile: chains thousands of entries long, tables where
/// every entry uses the next twice (a DAG that doubles when unfolded as a tree), alternating services and
/// functions, vectors of millions of zero-sized values.
/// </summary>
public static class HostileMessages
{
    /// <summary>A message of the given table entries, argument type codes and value bytes.</summary>
    public static byte[] Message(IReadOnlyList<byte[]> entries, IReadOnlyList<long> args, ReadOnlySpan<byte> values)
    {
        var m = new List<byte>("DIDL"u8.ToArray());
        m.AddRange(Uleb((ulong)entries.Count));
        foreach (var e in entries) m.AddRange(e);
        m.AddRange(Uleb((ulong)args.Count));
        foreach (var a in args) m.AddRange(Sleb(a));
        m.AddRange(values.ToArray());
        return m.ToArray();
    }

    /// <summary>
    /// A chain of <paramref name="levels"/> entries of <paramref name="kind"/>, entry i using entry i+1
    /// <paramref name="fan"/> times (record, variant and func fields or arguments), ending in a leaf entry; the
    /// one argument has entry 0's type. With fan 2 the table is a DAG whose tree has 2^levels leaves.
    /// Services alternate with functions: <c>service { m : func (next) -> () }</c>.
    /// </summary>
    public static byte[] Chain(Nesting kind, int levels, int fan = 1, byte[]? values = null)
    {
        var entries = new List<byte[]>();
        for (int i = 0; i < levels; i++)
        {
            long next = entries.Count + (kind == Nesting.Service ? 2 : 1);
            switch (kind)
            {
                case Nesting.Opt: entries.Add([0x6e, .. Sleb(next)]); break;
                case Nesting.Vec: entries.Add([0x6d, .. Sleb(next)]); break;
                case Nesting.Record: entries.Add(Fields(0x6c, next, fan)); break;
                case Nesting.Variant: entries.Add(Fields(0x6b, next, fan)); break;
                case Nesting.Func: entries.Add(Func(next, fan)); break;
                case Nesting.Service:
                    entries.Add([0x69, 1, 1, (byte)'m', .. Sleb(entries.Count + 1)]);
                    entries.Add(Func(next, fan));
                    break;
            }
        }
        entries.Add(kind switch
        {
            Nesting.Variant => [0x6b, 1, 0, 0x7f],
            Nesting.Func => [0x6a, 0, 0, 0],
            Nesting.Service => [0x69, 0],
            _ => [0x6c, 0],
        });
        return Message(entries, [0], values ?? DefaultValue(kind, levels));
    }

    /// <summary>A value that fits the chain: nested options all present, vectors of one element, variants
    /// of the first alternative, a reference for func and service. Records need no bytes.</summary>
    private static byte[] DefaultValue(Nesting kind, int levels) => kind switch
    {
        Nesting.Opt or Nesting.Vec => Enumerable.Repeat((byte)1, levels).ToArray(),
        Nesting.Variant => new byte[levels + 1],
        Nesting.Func => [1, 1, 1, 0, 1, (byte)'m'],
        Nesting.Service => [1, 1, 0],
        _ => [],
    };

    /// <summary>The 153-byte reproducer at 24 levels: records of two fields of the next record.</summary>
    public static byte[] SharedRecords(int levels) => Chain(Nesting.Record, levels, fan: 2);

    /// <summary><c>vec record {}</c> of <paramref name="count"/> elements: a few bytes that decode to millions of values.</summary>
    public static byte[] ZeroSizedVector(ulong count) => Message([[0x6d, 1], [0x6c, 0]], [0], Uleb(count));

    private static byte[] Fields(byte opcode, long next, int fan)
    {
        var e = new List<byte> { opcode, (byte)fan };
        for (int k = 0; k < fan; k++)
        {
            e.Add((byte)k);
            e.AddRange(Sleb(next));
        }
        return e.ToArray();
    }

    private static byte[] Func(long next, int fan)
    {
        var e = new List<byte> { 0x6a, (byte)fan };
        for (int k = 0; k < fan; k++) e.AddRange(Sleb(next));
        e.Add(0);
        e.Add(0);
        return e.ToArray();
    }

    /// <summary>Unsigned LEB128.</summary>
    public static byte[] Uleb(ulong v)
    {
        var o = new List<byte>();
        do
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            o.Add(v != 0 ? (byte)(b | 0x80) : b);
        } while (v != 0);
        return o.ToArray();
    }

    /// <summary>Signed LEB128.</summary>
    public static byte[] Sleb(long v)
    {
        var o = new List<byte>();
        while (true)
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            o.Add(done ? b : (byte)(b | 0x80));
            if (done) return o.ToArray();
        }
    }
}
