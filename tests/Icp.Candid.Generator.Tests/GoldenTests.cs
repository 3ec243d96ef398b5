namespace Icp.Candid.Generator.Tests;

/// <summary>
/// The generated code of representative inputs, byte for byte. To accept a deliberate change, run the tests with
/// <c>CANDID_REGENERATE_GOLDEN=1</c>, which rewrites the files under Golden/, and review the diff.
/// </summary>
public class GoldenTests
{
    public static TheoryData<string, string> Inputs() => new()
    {
        { "did/ICRC-1.did", "Icrc1Client" },          // records, variants, options, a service of queries and an update
        { "candid/parser/recursion.did", "RecursionClient" }, // recursive records and variants, aliases recursive through opt, func and service references
        { "candid/parser/class.did", "ClassClient" },  // a service class with init arguments, a recursive tuple
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void GeneratedCodeMatchesGolden(string input, string clientName)
    {
        string path = Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "conformance", input));
        var files = CSharpClientGenerator.Generate(CandidProgram.Load(path), new GeneratorOptions
        {
            Namespace = "Golden." + clientName[..^"Client".Length],
            ClientName = clientName,
            SourceName = Path.GetFileName(path),
        });
        string folder = Path.Combine(TestPaths.GoldenFolder, Path.GetFileNameWithoutExtension(path));
        if (Environment.GetEnvironmentVariable("CANDID_REGENERATE_GOLDEN") == "1")
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            foreach (var f in files) File.WriteAllText(Path.Combine(folder, f.Name + ".txt"), WithoutVersion(f.Text));
        }
        var expectedNames = Directory.GetFiles(folder, "*.g.cs.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expectedNames, files.Select(f => f.Name + ".txt").Order(StringComparer.Ordinal).ToArray());
        foreach (var f in files)
        {
            string expected = File.ReadAllText(Path.Combine(folder, f.Name + ".txt"));
            Assert.True(expected == WithoutVersion(f.Text), $"{f.Name} differs from {folder}; run with CANDID_REGENERATE_GOLDEN=1 to accept the change");
        }
    }

    /// <summary>The generator's version (the packages' version) as <c>VERSION</c>, so a release changes no golden file.</summary>
    private static string WithoutVersion(string text) => text
        .Replace($"Icp.Candid.Generator {CSharpClientGenerator.Version}", "Icp.Candid.Generator VERSION", StringComparison.Ordinal)
        .Replace($"\"Icp.Candid.Generator\", \"{CSharpClientGenerator.Version}\"", "\"Icp.Candid.Generator\", \"VERSION\"", StringComparison.Ordinal);

    [Fact]
    public void GenerationIsDeterministic()
    {
        string path = Path.Combine(TestPaths.DidFolder, "nns_governance.did");
        var options = new GeneratorOptions { Namespace = "A.B", ClientName = "GovernanceClient" };
        var first = CSharpClientGenerator.Generate(CandidProgram.Load(path), options);
        var second = CSharpClientGenerator.Generate(CandidProgram.Load(path), options);
        Assert.Equal(first, second);
    }
}
