namespace Icp.Candid.Generator.Tests;

/// <summary>The repository root (the folder holding Bridge.sln) and the shared conformance data beside it.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot => Icp.Testing.RepositoryPaths.Root;

    /// <summary>Real-world <c>.did</c> files: <c>../shared/conformance/did</c>.</summary>
    public static string DidFolder => Icp.Testing.RepositoryPaths.ConformanceFolder("did");

    /// <summary>The parser tests of the official Candid repository: <c>../shared/conformance/candid/parser</c>.</summary>
    public static string ParserFolder => Icp.Testing.RepositoryPaths.ConformanceFolder(Path.Combine("candid", "parser"));

    /// <summary>The golden files, in the source tree (not the build output), so they can be regenerated.</summary>
    public static string GoldenFolder => Path.Combine(RepositoryRoot, "tests", "Icp.Candid.Generator.Tests", "Golden");

    /// <summary>Every real-world file, and every parser test the reference implementation accepts (it has an
    /// <c>expected/NAME.did</c>, not <c>expected/NAME.fail</c>).</summary>
    public static IEnumerable<string> AcceptedDidFiles() =>
        Directory.GetFiles(DidFolder, "*.did").Order(StringComparer.Ordinal)
            .Concat(Directory.GetFiles(ParserFolder, "*.did").Order(StringComparer.Ordinal)
                .Where(f => File.Exists(Path.Combine(ParserFolder, "expected", Path.GetFileName(f)))));
}
