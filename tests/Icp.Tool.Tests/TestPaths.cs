namespace Icp.Tool.Tests;

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

    /// <summary>The folder of real-world <c>.did</c> files: <c>../shared/conformance/did</c>.</summary>
    public static string DidFolder => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "conformance", "did"));

    /// <summary>The ICRC-1 ledger interface.</summary>
    public static string Icrc1 => Path.Combine(DidFolder, "ICRC-1.did");
}
