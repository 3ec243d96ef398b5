using System.Text;

namespace Icp.Candid;

/// <summary>Ways to turn C# member names into Candid names.</summary>
public static class CandidNaming
{
    /// <summary>Names as written in C#.</summary>
    public static Func<string, string> AsIs { get; } = static n => n;

    /// <summary><c>CreatedAtTime</c> → <c>created_at_time</c>, as most Candid interfaces spell fields.</summary>
    public static Func<string, string> SnakeCase { get; } = ToSnakeCase;

    private static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (boundary && sb.Length > 0 && sb[^1] != '_') sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
