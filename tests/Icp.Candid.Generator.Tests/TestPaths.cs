namespace Icp.Candid.Generator.Tests;

/// <summary>The repository root (the folder holding Bridge.sln) and the shared conformance data beside it.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Bridge.sln above {AppContext.BaseDirectory}");
    });

    public static string RepositoryRoot => Root.Value;

    /// <summary>Real-world <c>.did</c> files: <c>../shared/conformance/did</c>.</summary>
    public static string DidFolder => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "conformance", "did"));

    /// <summary>The parser tests of the official Candid repository: <c>../shared/conformance/candid/parser</c>.</summary>
    public static string ParserFolder => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "conformance", "candid", "parser"));

    /// <summary>The golden files, in the source tree (not the build output), so they can be regenerated.</summary>
    public static string GoldenFolder => Path.Combine(RepositoryRoot, "tests", "Icp.Candid.Generator.Tests", "Golden");

    /// <summary>Every real-world file, and every parser test the reference implementation accepts (it has an
    /// <c>expected/NAME.did</c>, not <c>expected/NAME.fail</c>).</summary>
    public static IEnumerable<string> AcceptedDidFiles() =>
        Directory.GetFiles(DidFolder, "*.did").Order(StringComparer.Ordinal)
            .Concat(Directory.GetFiles(ParserFolder, "*.did").Order(StringComparer.Ordinal)
                .Where(f => File.Exists(Path.Combine(ParserFolder, "expected", Path.GetFileName(f)))));
}
