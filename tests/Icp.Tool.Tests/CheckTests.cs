using Icp.Candid;

namespace Icp.Tool.Tests;

public class CheckTests
{
    [Fact]
    public void PrintsAGoodFileInCanonicalLayout()
    {
        var r = Tool.Run("check", TestPaths.Icrc1);
        Assert.Equal(0, r.Exit);
        Assert.Equal("", r.Err);
        Assert.Equal(CandidProgramPrinter.Print(CandidProgram.Load(TestPaths.Icrc1)), r.Out);
        Assert.Contains("type TransferArgs = record {", r.Out, StringComparison.Ordinal);
        Assert.Contains("icrc1_transfer : (TransferArgs) -> (", r.Out, StringComparison.Ordinal);

        // The output is a fixed point: checking it again prints the same text.
        using var dir = new TempDir();
        string again = dir.Write("printed.did", r.Out);
        Assert.Equal(r.Out, Tool.Run("check", again).Out);
    }

    public static TheoryData<string> DidFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.DidFolder, "*.did").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(DidFiles))]
    public void ChecksEveryRealInterface(string name)
    {
        string path = Path.Combine(TestPaths.DidFolder, name);
        var r = Tool.Run("check", path);
        Assert.True(r.Exit == 0, r.Err);
        Assert.Equal("", r.Err);
        // The printed file means the same as the original: same definitions, same service.
        var original = CandidProgram.Load(path);
        var printed = CandidProgram.Parse(r.Out);
        Assert.Equal(original.Definitions.Select(d => d.Name).Order(StringComparer.Ordinal), printed.Definitions.Select(d => d.Name).Order(StringComparer.Ordinal));
        foreach (var d in original.Definitions) Assert.Equal(d.Type, printed.FindDefinition(d.Name)!.Type);
        Assert.NotNull(original.Service);
        Assert.Equal(original.Service, printed.Service);
    }

    [Fact]
    public void SyntaxErrorHasFileLineAndColumn()
    {
        using var dir = new TempDir();
        string path = dir.Write("service.did", "type A = record {\n  a : nat\n  b : text;\n};\nservice : {}\n");
        Assert.Equal($"error: {path}:3:3: expected ';' or '}}' but found 'b'", Tool.Fails("check", path));
    }

    [Fact]
    public void TypeErrorHasFileLineAndColumn()
    {
        using var dir = new TempDir();
        string path = dir.Write("unbound.did", "type A = nat;\nservice : {\n  f : (A, Missing) -> ();\n}\n");
        Assert.Equal($"error: {path}:3:11: unbound type name 'Missing'", Tool.Fails("check", path));
    }

    [Fact]
    public void ErrorInAnImportedFileNamesThatFile()
    {
        using var dir = new TempDir();
        dir.Write("types.did", "type A = record { x : nat; x : text };\n");
        string main = dir.Write("main.did", "import \"types.did\";\nservice : { f : (A) -> () }\n");
        Assert.Contains("types.did:1:", Tool.Fails("check", main), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile() =>
        Assert.Equal("error: nowhere/service.did: no such file", Tool.Fails("check", "nowhere/service.did"));

    [Fact]
    public void NeedsExactlyOneFile()
    {
        Assert.Contains("check: expected a .did file", Tool.Fails("check"));
        Assert.Contains("expected one .did file but got 2", Tool.Fails("check", "a.did", "b.did"));
    }
}
