namespace Icp.Candid.Tests;

/// <summary>Finds the shared conformance data: next to the repository root (the folder holding Bridge.sln).</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Bridge.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary><c>../shared/conformance</c> from the repository root.</summary>
    public static string Conformance => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "conformance"));

    /// <summary>The Candid conformance folder (test files, parser cases).</summary>
    public static string Candid => Path.Combine(Conformance, "candid");
}
