using System.Text.RegularExpressions;

namespace Icp.Candid.Generator;

/// <summary>
/// The files a <c>.did</c> file imports, directly or through other imports: what a build must watch besides the file
/// itself to know when to generate again (the MSBuild <c>Candid</c> item records them after each generation).
/// </summary>
public static partial class DidImports
{
    private const int MaxFiles = 1000;

    /// <summary>The full paths of the files <paramref name="didPath"/> imports (<c>import "x.did";</c> and
    /// <c>import service "x.did";</c>), transitively, each once, in the order found; files that cannot be read are
    /// listed but not followed (generation itself reports them).</summary>
    /// <exception cref="IOException"><paramref name="didPath"/> itself cannot be read.</exception>
    public static IReadOnlyList<string> Find(string didPath)
    {
        ArgumentNullException.ThrowIfNull(didPath);
        string root = Path.GetFullPath(didPath);
        var seen = new HashSet<string>(StringComparer.Ordinal) { root };
        var found = new List<string>();
        var pending = new Queue<(string Path, string Text)>();
        pending.Enqueue((root, File.ReadAllText(root)));
        while (pending.Count > 0 && found.Count < MaxFiles)
        {
            var (path, text) = pending.Dequeue();
            string folder = Path.GetDirectoryName(path) ?? "";
            foreach (Match m in ImportPattern().Matches(Comments().Replace(text, " ")))
            {
                string imported = Path.GetFullPath(Path.Combine(folder, m.Groups["path"].Value));
                if (!seen.Add(imported)) continue;
                found.Add(imported);
                if (found.Count >= MaxFiles) break;
                try
                {
                    pending.Enqueue((imported, File.ReadAllText(imported)));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Still a dependency: generating again once it appears is right.
                }
            }
        }
        return found;
    }

    [GeneratedRegex("""\bimport\s+(?:service\s+)?"(?<path>[^"\\\r\n]+)"\s*;""")]
    private static partial Regex ImportPattern();

    [GeneratedRegex(@"//[^\n]*|/\*[\s\S]*?\*/")]
    private static partial Regex Comments();
}
