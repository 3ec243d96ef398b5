using System.Text;

namespace Icp.Testing;

/// <summary>
/// Builders of hostile CBOR for the tests of every reader that takes CBOR from the network: deep nesting of each
/// container kind (definite and indefinite), tags, mixtures, and heads that declare far more than the input holds.
/// Linked into the agent and replica test projects.
/// </summary>
internal static class HostileCbor
{
    /// <summary>The reproducer: <c>{"x": [[[…0…]]]}</c> with 50,000 one-element arrays, 50,004 bytes.</summary>
    public static byte[] Reproducer => [0xa1, 0x61, 0x78, .. NestedArrays(50_000)];

    /// <summary>Depths around the readers' limits and far beyond them.</summary>
    public static readonly int[] Depths = [33, 65, 129, 257, 1_000, 50_000];

    /// <summary><paramref name="depth"/> one-element arrays around a 0.</summary>
    public static byte[] NestedArrays(int depth) => [.. Repeat([0x81], depth), 0x00];

    /// <summary><paramref name="depth"/> one-entry maps <c>{"x": …}</c> around a 0.</summary>
    public static byte[] NestedMaps(int depth) => [.. Repeat([0xa1, 0x61, 0x78], depth), 0x00];

    /// <summary><paramref name="depth"/> tags (6, one byte each) before a 0.</summary>
    public static byte[] NestedTags(int depth) => [.. Repeat([0xc6], depth), 0x00];

    /// <summary><paramref name="depth"/> indefinite-length arrays, each closed by a break.</summary>
    public static byte[] NestedIndefiniteArrays(int depth) => [.. Repeat([0x9f], depth), 0x00, .. Repeat([0xff], depth)];

    /// <summary><paramref name="depth"/> indefinite-length maps <c>{"x": …}</c>, each closed by a break.</summary>
    public static byte[] NestedIndefiniteMaps(int depth) => [.. Repeat([0xbf, 0x61, 0x78], depth), 0x00, .. Repeat([0xff], depth)];

    /// <summary>
    /// Hash-tree-shaped nesting: <c>[1, [1, …, [0]], [0]]</c> (forks) or <c>[2, "x", …]</c> (labels), the shapes a
    /// certificate's tree reader accepts level by level.
    /// </summary>
    public static byte[] NestedForks(int depth) => [.. Repeat([0x83, 0x01], depth), 0x81, 0x00, .. Repeat([0x81, 0x00], depth)];

    /// <summary>Labeled nodes nested <paramref name="depth"/> deep around a leaf.</summary>
    public static byte[] NestedLabels(int depth) => [.. Repeat([0x83, 0x02, 0x41, 0x78], depth), 0x82, 0x03, 0x40];

    /// <summary>A random mixture of arrays, maps, tags and indefinite containers, properly closed.</summary>
    public static byte[] Mixed(int depth, int seed)
    {
        var random = new Random(seed);
        var open = new List<byte>();
        var close = new List<byte>();
        for (var i = 0; i < depth; i++)
        {
            switch (random.Next(6))
            {
                case 0: open.Add(0x81); break;
                case 1: open.AddRange([0xa1, 0x61, 0x78]); break;
                case 2: open.Add(0xc6); break;
                case 3: open.Add(0x9f); close.Add(0xff); break;
                case 4: open.AddRange([0xbf, 0x61, 0x78]); close.Add(0xff); break;
                default: open.AddRange([0x82, 0x00]); break; // a sibling before the nested item
            }
        }
        close.Reverse();
        return [.. open, 0x00, .. close];
    }

    /// <summary>Heads that declare more items or bytes than any input holds, and other lies about lengths.</summary>
    public static IEnumerable<(string Name, byte[] Value)> LyingLengths()
    {
        byte[] max64 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        yield return ("array of 2^64-1 items", [0x9b, .. max64, 0x00]);
        yield return ("map of 2^64-1 entries", [0xbb, .. max64, 0x61, 0x78, 0x00]);
        yield return ("byte string of 2^64-1 bytes", [0x5b, .. max64, 0x00]);
        yield return ("text string of 2^64-1 bytes", [0x7b, .. max64, 0x61]);
        yield return ("array of 2^32-1 items", [0x9a, 0xff, 0xff, 0xff, 0xff, 0x00]);
        yield return ("byte string of 2^31 bytes", [0x5a, 0x80, 0x00, 0x00, 0x00, 0x00]);
        yield return ("indefinite byte string of many empty chunks, unterminated", [0x5f, .. Repeat([0x40], 10_000)]);
        yield return ("indefinite byte string holding a text chunk", [0x5f, 0x61, 0x78, 0xff]);
        yield return ("indefinite array, unterminated", [0x9f, .. Repeat([0x00], 1_000)]);
        yield return ("a break outside any container", [0xff]);
        yield return ("reserved additional information", [0x1c]);
        yield return ("a truncated 8-byte head", [0x1b, 0x01, 0x02]);
        yield return ("half a float", [0xfa, 0x00]);
        yield return ("arrays opened and never closed", Repeat([0x81], 1_000));
    }

    /// <summary>Every family at every depth, plus the lying lengths: values to place where a document expects one.</summary>
    public static IEnumerable<(string Name, byte[] Value)> Values()
    {
        foreach (var depth in Depths)
        {
            yield return ($"arrays x{depth}", NestedArrays(depth));
            yield return ($"maps x{depth}", NestedMaps(depth));
            yield return ($"tags x{depth}", NestedTags(depth));
            yield return ($"indefinite arrays x{depth}", NestedIndefiniteArrays(depth));
            yield return ($"indefinite maps x{depth}", NestedIndefiniteMaps(depth));
            yield return ($"forks x{depth}", NestedForks(depth));
            yield return ($"mixed x{depth}", Mixed(depth, depth));
        }
        foreach (var lie in LyingLengths()) yield return lie;
    }

    /// <summary>
    /// Whole request bodies: each hostile value as the top-level <c>{"x": …}</c>, as an envelope's content,
    /// as a content field, and as a delegation, behind the self-describing tag or not.
    /// </summary>
    public static IEnumerable<(string Name, byte[] Body)> RequestBodies()
    {
        yield return ("reproducer", Reproducer);
        yield return ("55799 tags x50000 as the document", [0xd9, 0xd9, 0xf7, .. NestedTags(50_000)]);
        foreach (var (name, value) in Values())
        {
            yield return ($"{{x: {name}}}", [0xa1, 0x61, 0x78, .. value]);
            yield return ($"55799 {{content: {name}}}", [0xd9, 0xd9, 0xf7, 0xa1, .. Text("content"), .. value]);
            yield return ($"{{content: {{request_type: read_state, paths: {name}}}}}",
                [0xa1, .. Text("content"), 0xa2, .. Text("request_type"), .. Text("read_state"), .. Text("paths"), .. value]);
            yield return ($"{{content: {{}}, sender_delegation: {name}}}",
                [0xa2, .. Text("content"), 0xa0, .. Text("sender_delegation"), .. value]);
        }
    }

    /// <summary>A CBOR text string (short head forms only; the tests' keys are short).</summary>
    public static byte[] Text(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length < 24 ? [(byte)(0x60 | bytes.Length), .. bytes] : [0x78, (byte)bytes.Length, .. bytes];
    }

    /// <summary>A CBOR byte string (any length up to 2^32-1).</summary>
    public static byte[] Bytes(ReadOnlySpan<byte> bytes)
    {
        var n = bytes.Length;
        byte[] head = n < 24 ? [(byte)(0x40 | n)]
            : n < 256 ? [0x58, (byte)n]
            : n < 65536 ? [0x59, (byte)(n >> 8), (byte)n]
            : [0x5a, (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n];
        return [.. head, .. bytes];
    }

    /// <summary><paramref name="unit"/> repeated <paramref name="count"/> times.</summary>
    public static byte[] Repeat(ReadOnlySpan<byte> unit, int count)
    {
        var result = new byte[unit.Length * count];
        for (var i = 0; i < count; i++) unit.CopyTo(result.AsSpan(i * unit.Length));
        return result;
    }
}
