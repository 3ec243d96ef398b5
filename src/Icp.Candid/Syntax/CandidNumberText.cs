using System.Globalization;
using System.Text;

namespace Icp.Candid;

/// <summary>Numbers as the reference printer writes them: digits in groups of three joined by '_' (<c>1_000_000</c>).</summary>
internal static class CandidNumberText
{
    public static string Group(string number)
    {
        int start = number.StartsWith('-') ? 1 : 0;
        int digits = number.Length - start;
        if (digits <= 3) return number;
        var sb = new StringBuilder(number.Length + digits / 3);
        sb.Append(number, 0, start);
        int first = digits % 3 == 0 ? 3 : digits % 3;
        sb.Append(number, start, first);
        for (int i = start + first; i < number.Length; i += 3) sb.Append('_').Append(number, i, 3);
        return sb.ToString();
    }

    /// <summary>A label as the reference printer writes it: a name (quoted when it must be) or a grouped number.</summary>
    public static string Label(CandidLabel label) =>
        label.Name is { } n ? CandidIdentifiers.Format(n) : Group(label.Id.ToString(CultureInfo.InvariantCulture));
}
