namespace Icp.Candid.Generator.Tests;

public class GeneratorOptionsTests
{
    private static readonly CandidProgram Program = CandidProgram.Parse("type T = record { a : nat }; service : { f : (T) -> (T) }");

    [Theory]
    [InlineData("")]
    [InlineData("My..Ns")]
    [InlineData("1st")]
    public void BadNamespacesAreRejected(string ns) =>
        Assert.Throws<ArgumentException>(() => CSharpClientGenerator.Generate(Program, new GeneratorOptions { Namespace = ns }));

    [Fact]
    public void NamesDefaultFromTheClientName()
    {
        var files = CSharpClientGenerator.Generate(Program, new GeneratorOptions { Namespace = "N", ClientName = "LedgerClient" });
        Assert.Equal(["LedgerCandid.g.cs", "LedgerClient.g.cs"], files.Select(f => f.Name));
        Assert.Equal(["CanisterCandid.g.cs", "CanisterClient.g.cs"], CSharpClientGenerator.Generate(Program, new GeneratorOptions { Namespace = "N" }).Select(f => f.Name));
    }

    [Fact]
    public void NoClientWithoutAService()
    {
        var files = CSharpClientGenerator.Generate(CandidProgram.Parse("type T = nat;"), new GeneratorOptions { Namespace = "N" });
        Assert.Equal(["CanisterCandid.g.cs"], files.Select(f => f.Name));
    }

    [Theory]
    [InlineData("icrc1_ledger.did", "Icrc1LedgerClient")]
    [InlineData("ICRC-1.did", "ICRC1Client")]
    [InlineData("dir/my-canister.did", "MyCanisterClient")]
    [InlineData("1.did", "CanisterClient")]
    public void DefaultClientNames(string path, string expected) => Assert.Equal(expected, CSharpClientGenerator.DefaultClientName(path));

    [Fact]
    public void NamesFollowCSharpConventionsAndCollisionsAreNumbered()
    {
        var program = CandidProgram.Parse("""
            type my_type = record { created_at : nat; "class" : text; Converter : nat; my_type : nat };
            type MyType = variant { ok; Ok2; "Value" : nat };
            service : {
              get_it : (class : nat, ct : nat) -> (my_type);
              getIt : () -> ();
            }
            """);
        var files = CSharpClientGenerator.Generate(program, new GeneratorOptions { Namespace = "N", ClientName = "C" });
        string types = files[0].Text, client = files[1].Text;
        Assert.Contains("public sealed partial record MyType\n", types, StringComparison.Ordinal);
        Assert.Contains("public abstract partial record MyType2\n", types, StringComparison.Ordinal);
        Assert.Contains("public required global::Icp.Candid.Nat CreatedAt { get; init; }", types, StringComparison.Ordinal);
        Assert.Contains("public required string Class { get; init; }", types, StringComparison.Ordinal);
        Assert.Contains("[global::Icp.Candid.CandidName(\"Converter\")]\n    public required global::Icp.Candid.Nat Converter2 { get; init; }", types, StringComparison.Ordinal);
        Assert.Contains("public required global::Icp.Candid.Nat MyType2 { get; init; }", types, StringComparison.Ordinal);
        Assert.Contains("public sealed partial record Value2(global::Icp.Candid.Nat Value) : global::N.MyType2;", types, StringComparison.Ordinal);
        // Methods come in the service's order (by name bytes): getIt before get_it.
        Assert.Contains("GetItAsync(global::System.Threading.CancellationToken ct = default)", client, StringComparison.Ordinal);
        Assert.Contains("GetIt2Async(global::Icp.Candid.Nat @class, global::Icp.Candid.Nat ct2, global::System.Threading.CancellationToken ct = default)", client, StringComparison.Ordinal);
        var (_, diagnostics) = RoslynCompiler.Compile("Names", files);
        Assert.Empty(diagnostics);
    }
}
