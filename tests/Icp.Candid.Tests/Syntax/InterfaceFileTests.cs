namespace Icp.Candid.Tests.Syntax;

/// <summary>Real canister interfaces (<c>conformance/did</c>) parse, print and re-parse to an equal program.</summary>
public class InterfaceFileTests
{
    private static string Folder => Path.Combine(TestPaths.Conformance, "did");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Folder, "*.did").Select(Path.GetFileName).Order(StringComparer.Ordinal)) data.Add(f!);
        return data;
    }

    [Fact]
    public void There_are_interface_files()
    {
        Assert.True(Files().Count >= 19);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Interface_parses_prints_and_reparses(string file)
    {
        var program = CandidProgram.Load(Path.Combine(Folder, file));
        Assert.NotNull(program.Service);
        Assert.NotEmpty(program.ResolveService().Methods);
        ProgramAssert.RoundTrip(program);
    }
}
