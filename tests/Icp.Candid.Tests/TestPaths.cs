namespace Icp.Candid.Tests;

/// <summary>Finds the shared conformance data: next to the repository root (the folder holding Bridge.sln).</summary>
internal static class TestPaths
{
    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Icp.Testing.RepositoryPaths.Root;

    /// <summary><c>../shared/conformance</c> from the repository root.</summary>
    public static string Conformance => Icp.Testing.RepositoryPaths.Conformance;

    /// <summary>The Candid conformance folder (test files, parser cases).</summary>
    public static string Candid => Path.Combine(Conformance, "candid");
}
