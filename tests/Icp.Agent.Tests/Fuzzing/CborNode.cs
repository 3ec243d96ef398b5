namespace Icp.Agent.Tests.Fuzzing;

/// <summary>
/// A CBOR item as the fuzzer builds it: valid documents are trees of these, mutations replace a node with another
/// (a hostile <see cref="Raw"/> piece, a copy of a subtree, a wrong kind), and <see cref="Encode"/> gives the bytes.
/// </summary>
internal abstract record CborNode
{
    public sealed record Uint(ulong Value) : CborNode;

    public sealed record Bytes(byte[] Value) : CborNode;

    public sealed record Text(string Value) : CborNode;

    public sealed record Array(IReadOnlyList<CborNode> Items, bool Indefinite = false) : CborNode;

    public sealed record Map(IReadOnlyList<(CborNode Key, CborNode Value)> Entries, bool Indefinite = false) : CborNode;

    public sealed record Tag(ulong Number, CborNode Content) : CborNode;

    /// <summary>Bytes placed as they are: hostile nesting and lying heads.</summary>
    public sealed record Raw(byte[] Encoded) : CborNode;

    public static Map Of(params (string Key, CborNode Value)[] entries) => new([.. entries.Select(e => ((CborNode)new Text(e.Key), e.Value))]);

    public byte[] Encode()
    {
        var output = new List<byte>();
        Write(output, this);
        return [.. output];
    }

    /// <summary>Every node in the tree, in pre-order (this first).</summary>
    public List<CborNode> Nodes()
    {
        var nodes = new List<CborNode>();
        var pending = new Stack<CborNode>();
        pending.Push(this);
        while (pending.TryPop(out var node))
        {
            nodes.Add(node);
            IReadOnlyList<CborNode> children = node switch
            {
                Array a => a.Items,
                Map m => [.. m.Entries.SelectMany(e => new[] { e.Key, e.Value })],
                Tag t => [t.Content],
                _ => [],
            };
            for (var i = children.Count - 1; i >= 0; i--) pending.Push(children[i]);
        }
        return nodes;
    }

    /// <summary>This tree with the <paramref name="index"/>-th node (pre-order) replaced.</summary>
    public CborNode Replace(int index, CborNode replacement)
    {
        var counter = index;
        return ReplaceAt(this, ref counter, replacement);
    }

    private static CborNode ReplaceAt(CborNode node, ref int counter, CborNode replacement)
    {
        if (counter-- == 0) return replacement;
        switch (node)
        {
            case Array a:
                {
                    var items = new List<CborNode>();
                    foreach (var item in a.Items) items.Add(counter < 0 ? item : ReplaceAt(item, ref counter, replacement));
                    return a with { Items = items };
                }
            case Map m:
                {
                    var entries = new List<(CborNode, CborNode)>();
                    foreach (var (k, v) in m.Entries)
                    {
                        var key = counter < 0 ? k : ReplaceAt(k, ref counter, replacement);
                        var value = counter < 0 ? v : ReplaceAt(v, ref counter, replacement);
                        entries.Add((key, value));
                    }
                    return m with { Entries = entries };
                }
            case Tag t:
                return t with { Content = counter < 0 ? t.Content : ReplaceAt(t.Content, ref counter, replacement) };
            default:
                return node;
        }
    }

    private static void Write(List<byte> output, CborNode node)
    {
        switch (node)
        {
            case Uint u: Head(output, 0, u.Value); break;
            case Bytes b: Head(output, 2, (ulong)b.Value.Length); output.AddRange(b.Value); break;
            case Text t:
                var utf8 = System.Text.Encoding.UTF8.GetBytes(t.Value);
                Head(output, 3, (ulong)utf8.Length);
                output.AddRange(utf8);
                break;
            case Array a:
                if (a.Indefinite) output.Add(0x9f); else Head(output, 4, (ulong)a.Items.Count);
                foreach (var item in a.Items) Write(output, item);
                if (a.Indefinite) output.Add(0xff);
                break;
            case Map m:
                if (m.Indefinite) output.Add(0xbf); else Head(output, 5, (ulong)m.Entries.Count);
                foreach (var (k, v) in m.Entries) { Write(output, k); Write(output, v); }
                if (m.Indefinite) output.Add(0xff);
                break;
            case Tag tag: Head(output, 6, tag.Number); Write(output, tag.Content); break;
            case Raw r: output.AddRange(r.Encoded); break;
        }
    }

    private static void Head(List<byte> output, int major, ulong value)
    {
        var m = (byte)(major << 5);
        if (value < 24) output.Add((byte)(m | (int)value));
        else if (value <= byte.MaxValue) { output.Add((byte)(m | 24)); output.Add((byte)value); }
        else if (value <= ushort.MaxValue) { output.Add((byte)(m | 25)); output.Add((byte)(value >> 8)); output.Add((byte)value); }
        else if (value <= uint.MaxValue) { output.Add((byte)(m | 26)); for (var s = 24; s >= 0; s -= 8) output.Add((byte)(value >> s)); }
        else { output.Add((byte)(m | 27)); for (var s = 56; s >= 0; s -= 8) output.Add((byte)(value >> s)); }
    }
}
