using System.Text;

namespace Icp.Candid.Generator;

/// <summary>Builds source text with indentation and <c>\n</c> line ends.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public CodeWriter Line(string text = "")
    {
        if (text.Length > 0) _sb.Append(' ', _indent * 4).Append(text);
        _sb.Append('\n');
        return this;
    }

    public CodeWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>A <c>&lt;summary&gt;</c> from doc text (possibly several lines), or the fallback.</summary>
    public CodeWriter Summary(string? doc, string fallbackXml)
    {
        if (string.IsNullOrWhiteSpace(doc)) return Line($"/// <summary>{fallbackXml}</summary>");
        var lines = doc.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 1) return Line($"/// <summary>{CSharpNames.Xml(lines[0].Trim())}</summary>");
        Line("/// <summary>");
        foreach (var l in lines) Line(("/// " + CSharpNames.Xml(l.TrimEnd())).TrimEnd());
        return Line("/// </summary>");
    }

    public override string ToString() => _sb.ToString();
}
