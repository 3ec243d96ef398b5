namespace Icp.Tool.Tests;

/// <summary>Finds the shared conformance data: next to the repository root (the folder holding Bridge.sln).</summary>
internal static class TestPaths
{
    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Icp.Testing.RepositoryPaths.Root;

    /// <summary>The folder of real-world <c>.did</c> files: <c>../shared/conformance/did</c>.</summary>
    public static string DidFolder => Icp.Testing.RepositoryPaths.ConformanceFolder("did");

    /// <summary>The ICRC-1 ledger interface.</summary>
    public static string Icrc1 => Path.Combine(DidFolder, "ICRC-1.did");
}
