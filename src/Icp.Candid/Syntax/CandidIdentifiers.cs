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

    /// <summary>
    /// Appends a Candid string literal, escaped as the reference printer does (Rust's <c>escape_debug</c>):
    /// quotes, backslash and control characters are escaped, characters that do not print (format,
    /// private-use, unassigned) become <c>\u{...}</c>, other Unicode is kept.
    /// </summary>
    public static void AppendQuoted(StringBuilder sb, string text)
    {
        sb.Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\'': sb.Append("\\'"); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    int scalar = c;
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) scalar = char.ConvertToUtf32(c, text[i + 1]);
                    if (IsPrintable(scalar)) sb.Append(char.ConvertFromUtf32(scalar));
                    else sb.Append("\\u{").Append(scalar.ToString("x", CultureInfo.InvariantCulture)).Append('}');
                    if (scalar > 0xFFFF) i++;
                    break;
            }
        }
        sb.Append('"');
    }

    private static bool IsPrintable(int scalar)
    {
        if (scalar is >= 0xD800 and <= 0xDFFF) return false; // a lone surrogate: not text at all
        if (scalar < 0x20 || scalar == 0x7f) return false;
        if (scalar < 0x7f) return true;
        var category = CharUnicodeInfo.GetUnicodeCategory(scalar);
        return category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator);
    }
}
