using System.Text;

namespace Icp.Candid;

/// <summary>
/// A small Wadler-style pretty-printing document, with the semantics of the Rust <c>pretty</c> crate that
/// the reference Candid printer uses, so our layout matches it: a group prints flat when it fits in the
/// width, otherwise its line breaks become newlines.
/// </summary>
internal abstract class PrettyDoc
{
    public static readonly PrettyDoc Nil = new NilDoc();
    public static readonly PrettyDoc Hardline = new HardlineDoc();
    /// <summary>A newline, or a space when flat.</summary>
    public static readonly PrettyDoc Line = new FlatAltDoc(Hardline, new TextDoc(" "));
    /// <summary>A newline, or nothing when flat.</summary>
    public static readonly PrettyDoc SoftLine = new FlatAltDoc(Hardline, Nil);

    public static PrettyDoc Text(string s) => s.Length == 0 ? Nil : new TextDoc(s);

    /// <summary>The text followed by a space: keywords and the like.</summary>
    public static PrettyDoc Keyword(string s) => Text(s).Append(Text(" "));

    public PrettyDoc Append(PrettyDoc other) => this is NilDoc ? other : other is NilDoc ? this : new ConcatDoc(this, other);

    public PrettyDoc Append(string text) => Append(Text(text));

    public PrettyDoc Nest(int indent) => new NestDoc(indent, this);

    public PrettyDoc Group() => new GroupDoc(this);

    /// <summary>This document in break mode, <paramref name="flat"/> in flat mode.</summary>
    public PrettyDoc FlatAlt(PrettyDoc flat) => new FlatAltDoc(this, flat);

    public bool IsEmpty => this switch
    {
        NilDoc => true,
        FlatAltDoc f => f.Break.IsEmpty || f.Flat.IsEmpty,
        GroupDoc g => g.Inner.IsEmpty,
        NestDoc n => n.Inner.IsEmpty,
        _ => false,
    };

    /// <summary>Each item followed by <paramref name="sep"/> and a line; flat, the last separator is left out.</summary>
    public static PrettyDoc Concat(IEnumerable<PrettyDoc> docs, string sep)
    {
        PrettyDoc single = Nil;
        bool first = true;
        foreach (var d in docs)
        {
            single = first ? d : single.Append(Text(sep)).Append(Line).Append(d);
            first = false;
        }
        if (first) return Nil;
        return single.Append(sep).FlatAlt(single);
    }

    /// <summary>Each item followed by a hard newline.</summary>
    public static PrettyDoc Lines(IEnumerable<PrettyDoc> docs)
    {
        PrettyDoc all = Nil;
        foreach (var d in docs) all = all.Append(d).Append(Hardline);
        return all;
    }

    /// <summary><c>left doc right</c> on one line, or with the body indented on its own lines.</summary>
    public static PrettyDoc Enclose(string left, PrettyDoc doc, string right, bool space)
    {
        if (doc.IsEmpty) return Text(left + right);
        var line = space ? Line : SoftLine;
        return Text(left).Append(line).Append(doc).Nest(2).Append(line).Append(right).Group();
    }

    public string Render(int width) => Render(width, long.MaxValue)!;

    /// <summary>The document laid out in <paramref name="width"/> columns, or null when that takes more than <paramref name="maxLength"/> characters.</summary>
    public string? Render(int width, long maxLength)
    {
        var sb = new StringBuilder();
        var cmds = new List<(int Indent, bool Flat, PrettyDoc Doc)> { (0, false, this) };
        int pos = 0;
        while (cmds.Count > 0)
        {
            if (sb.Length > maxLength) return null;
            var (ind, flat, doc) = cmds[^1];
            cmds.RemoveAt(cmds.Count - 1);
            switch (doc)
            {
                case NilDoc: break;
                case TextDoc t: sb.Append(t.Value); pos += t.Width; break;
                case HardlineDoc: sb.Append('\n').Append(' ', ind); pos = ind; break;
                case ConcatDoc c: cmds.Add((ind, flat, c.Right)); cmds.Add((ind, flat, c.Left)); break;
                case NestDoc n: cmds.Add((ind + n.Indent, flat, n.Inner)); break;
                case FlatAltDoc f: cmds.Add((ind, flat, flat ? f.Flat : f.Break)); break;
                case GroupDoc g: cmds.Add((ind, flat || Fits(g.Inner, cmds, width - pos), g.Inner)); break;
            }
        }
        return sb.Length > maxLength ? null : sb.ToString();
    }

    /// <summary>Whether <paramref name="doc"/> fits flat in <paramref name="room"/> columns, counting what follows it up to the next line break.</summary>
    private static bool Fits(PrettyDoc doc, List<(int Indent, bool Flat, PrettyDoc Doc)> rest, int room)
    {
        var stack = new Stack<(bool Flat, PrettyDoc Doc)>();
        stack.Push((true, doc));
        int restIndex = rest.Count;
        while (true)
        {
            if (room < 0) return false;
            if (stack.Count == 0)
            {
                if (restIndex == 0) return true;
                stack.Push((false, rest[--restIndex].Doc));
            }
            var (flat, d) = stack.Pop();
            switch (d)
            {
                case TextDoc t: room -= t.Width; break;
                case HardlineDoc: return !flat; // a newline inside the group cannot fit; one after it ends the line
                case ConcatDoc c: stack.Push((flat, c.Right)); stack.Push((flat, c.Left)); break;
                case NestDoc n: stack.Push((flat, n.Inner)); break;
                case GroupDoc g: stack.Push((flat, g.Inner)); break;
                case FlatAltDoc f: stack.Push((flat, flat ? f.Flat : f.Break)); break;
            }
        }
    }

    private sealed class NilDoc : PrettyDoc;
    private sealed class HardlineDoc : PrettyDoc;
    // Width counts UTF-8 bytes, as the Rust printer does, so lines with non-ASCII text break where its lines do.
    private sealed class TextDoc(string value) : PrettyDoc
    {
        public string Value { get; } = value;
        public int Width { get; } = Encoding.UTF8.GetByteCount(value);
    }
    private sealed class ConcatDoc(PrettyDoc left, PrettyDoc right) : PrettyDoc { public PrettyDoc Left { get; } = left; public PrettyDoc Right { get; } = right; }
    private sealed class NestDoc(int indent, PrettyDoc inner) : PrettyDoc { public int Indent { get; } = indent; public PrettyDoc Inner { get; } = inner; }
    private sealed class GroupDoc(PrettyDoc inner) : PrettyDoc { public PrettyDoc Inner { get; } = inner; }
    private sealed class FlatAltDoc(PrettyDoc brk, PrettyDoc flat) : PrettyDoc { public PrettyDoc Break { get; } = brk; public PrettyDoc Flat { get; } = flat; }
}
