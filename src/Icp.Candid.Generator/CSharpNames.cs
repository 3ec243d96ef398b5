using System.Globalization;
using System.Text;

namespace Icp.Candid.Generator;

/// <summary>Turns Candid names into C# identifiers and literals.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        // Contextual keywords that break code in some positions.
        "var", "dynamic", "value", "await", "async", "yield", "record", "required", "field", "nameof", "_",
    };

    /// <summary>PascalCase: the name split at anything that is not a letter or digit, each part capitalized.
    /// Null when nothing usable is left (a name of symbols only).</summary>
    public static string? Pascal(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool start = true;
        foreach (char c in name)
        {
            if (char.IsLetter(c) || char.IsDigit(c))
            {
                sb.Append(start ? char.ToUpperInvariant(c) : c);
                start = false;
            }
            else start = true;
        }
        if (sb.Length == 0) return null;
        if (char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary>camelCase, escaped with <c>@</c> when it is a keyword; null as for <see cref="Pascal"/>.</summary>
    public static string? Camel(string name)
    {
        string? p = Pascal(name);
        if (p is null) return null;
        string c = p[0] == '_' ? p : char.ToLowerInvariant(p[0]) + p[1..];
        return Keywords.Contains(c) ? "@" + c : c;
    }

    /// <summary>A C# string literal (non-ASCII and control characters escaped, so the file is plain ASCII there).</summary>
    public static string Literal(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Text escaped for an XML doc comment (one line).</summary>
    public static string Xml(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) sb.Append(c).Append(text[++i]);
                    else if (char.IsSurrogate(c)) sb.Append('?');
                    else if (c < 0x20 || c == 0x7f) sb.Append(' ');
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}

/// <summary>A set of names in one C# scope; a name taken already gets a number (<c>Name2</c>, <c>Name3</c>, ...).</summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public NameScope(params IEnumerable<string> reserved)
    {
        foreach (var r in reserved) _taken.Add(r);
    }

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Allocates a family of names made from one stem (<c>FAsync</c>, <c>EncodeF</c>): the first stem
    /// (<c>F</c>, <c>F2</c>, ...) for which every form is free.</summary>
    public string AllocateStem(string stem, params string[] formats)
    {
        for (int i = 1; ; i++)
        {
            string candidate = i == 1 ? stem : stem + i.ToString(CultureInfo.InvariantCulture);
            var names = formats.Select(f => string.Format(CultureInfo.InvariantCulture, f, candidate)).ToArray();
            if (names.Any(_taken.Contains)) continue;
            foreach (var n in names) _taken.Add(n);
            return candidate;
        }
    }

    public string Allocate(string desired)
    {
        if (_taken.Add(desired)) return desired;
        for (int i = 2; ; i++)
        {
            string candidate = desired + i.ToString(CultureInfo.InvariantCulture);
            if (_taken.Add(candidate)) return candidate;
        }
    }
}
