using System.Globalization;
using System.Text;

namespace Icp.Candid;

/// <summary>Rules for names in the Candid language: which are plain identifiers, and how to quote the rest.</summary>
public static class CandidIdentifiers
{
    /// <summary>The reserved words of the Candid language; a name spelled like one must be quoted.</summary>
    public static IReadOnlySet<string> Keywords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "import", "service", "func", "type", "opt", "vec", "record", "variant", "blob", "principal",
        "oneway", "query", "composite_query", "nat", "nat8", "nat16", "nat32", "nat64", "int", "int8", "int16",
        "int32", "int64", "float32", "float64", "bool", "text", "null", "reserved", "empty",
    };

    /// <summary>True when <paramref name="name"/> can be written without quotes: <c>[A-Za-z_][A-Za-z0-9_]*</c> and not a keyword.</summary>
    public static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || Keywords.Contains(name)) return false;
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (char c in name.AsSpan(1)) if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    /// <summary>The name as an identifier when it can be, otherwise as a quoted string.</summary>
    public static string Format(string name) => IsPlainIdentifier(name) ? name : Quote(name);

    /// <summary>A label: its name (quoted if it must be) or its number.</summary>
    public static string Format(CandidLabel label) => label.Name is { } n ? Format(n) : label.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A Candid string literal with the escapes the language defines.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        AppendQuoted(sb, text);
        return sb.ToString();
    }

    /// <summary>Appends a Candid string literal; control characters and quotes are escaped, other Unicode is kept.</summary>
    public static void AppendQuoted(StringBuilder sb, string text)
    {
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
                    if (c < 0x20 || c == 0x7f) sb.Append("\\u{").Append(((int)c).ToString("x", CultureInfo.InvariantCulture)).Append('}');
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
