namespace Icp.Testing;

/// <summary>
/// Where the repository and the shared data beside it are, for every test and benchmark project (linked into each
/// by Directory.Build.props): the repository root is the folder above the build output that holds Bridge.sln, and
/// the shared conformance data is <c>../shared/conformance</c> from it, as in CI.
/// </summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() => FindRoot(AppContext.BaseDirectory));

    /// <summary>The repository root.</summary>
    public static string Root => RootPath.Value;

    /// <summary><c>../shared/conformance</c>, checked to exist.</summary>
    public static string Conformance => Existing(Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance")));

    /// <summary>A folder under the shared conformance data, checked to exist.</summary>
    public static string ConformanceFolder(string name) => Existing(Path.Combine(Conformance, name));

    /// <summary>The folder holding Bridge.sln at or above <paramref name="start"/>.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Bridge.sln at or above {start}");
    }

    private static string Existing(string folder) =>
        Directory.Exists(folder) ? folder : throw new InvalidOperationException($"the shared data folder {folder} is missing");
}
