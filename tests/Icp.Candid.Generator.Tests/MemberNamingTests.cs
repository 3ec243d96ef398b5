namespace Icp.Candid.Generator.Tests;

/// <summary>Client method and parameter names read well at the call site, and never collide.</summary>
public class MemberNamingTests
{
    private static string Client(string did, string clientName, GeneratedAccess access = GeneratedAccess.Public)
    {
        var files = CSharpClientGenerator.Generate(CandidProgram.Parse(did), new GeneratorOptions { Namespace = "N", ClientName = clientName, Access = access });
        var (_, diagnostics) = RoslynCompiler.Compile("Naming", files);
        Assert.Empty(diagnostics);
        return files.Single(f => f.Name == clientName + ".g.cs").Text;
    }

    private static string Signature(string method, string parameters) =>
        $"{method}({parameters}global::System.Threading.CancellationToken ct = default)";

    [Fact]
    public void TheServicePrefixOfTheClientNameIsDroppedFromMethodNames()
    {
        string client = Client("""
            type TransferArg = record { amount : nat };
            service : {
              icrc1_transfer : (TransferArg) -> (nat);
              icrc1_total_supply : () -> (nat) query;
              icrc2_approve : (nat) -> ();
              greet : (text) -> (text);
            }
            """, "Icrc1Client");
        Assert.Contains(Signature("TransferAsync", "global::N.TransferArg transferArg, "), client, StringComparison.Ordinal);
        Assert.Contains(Signature("TotalSupplyAsync", ""), client, StringComparison.Ordinal);
        Assert.Contains(Signature("Icrc2ApproveAsync", "global::Icp.Candid.Nat arg, "), client, StringComparison.Ordinal);
        Assert.Contains(Signature("GreetAsync", "string arg, "), client, StringComparison.Ordinal);
        // The Candid method name on the wire is unchanged.
        Assert.Contains("\"icrc1_transfer\"", client, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePrefixIsMatchedAsWholeWordsInAnyCase()
    {
        string client = Client("service : { my_ledger_fee : () -> (nat); myledger_fee : () -> (nat); my_ledgerx_fee : () -> (nat) }", "MyLedgerClient");
        // my_ledger_ and myledger_ both spell MyLedger; my_ledgerx_ does not.
        Assert.Contains("MyLedgerxFeeAsync(", client, StringComparison.Ordinal);
        Assert.DoesNotContain(" FeeAsync(", client, StringComparison.Ordinal); // two would compete for FeeAsync: both keep the prefix
        Assert.Contains("MyLedgerFeeAsync(", client, StringComparison.Ordinal);
        Assert.Contains("MyledgerFeeAsync(", client, StringComparison.Ordinal);
    }

    [Fact]
    public void APrefixStaysWhenTheShortNameIsTakenOrUnusable()
    {
        string client = Client("service : { icrc1_fee : () -> (nat); fee : () -> (nat); icrc1_ : () -> (); icrc1_2x : () -> () }", "Icrc1Client");
        Assert.Contains(" FeeAsync(", client, StringComparison.Ordinal);
        Assert.Contains(" Icrc1FeeAsync(", client, StringComparison.Ordinal);
        Assert.Contains(" Icrc1Async(", client, StringComparison.Ordinal);
        Assert.Contains(" Icrc12xAsync(", client, StringComparison.Ordinal);
    }

    [Fact]
    public void AClientNameWithoutClientKeepsEveryMethodName()
    {
        string client = Client("service : { icrc1_fee : () -> (nat) }", "Icrc1");
        Assert.Contains(" Icrc1FeeAsync(", client, StringComparison.Ordinal);
    }

    [Fact]
    public void ParametersAreNamedByName_ThenByType_ThenByPosition()
    {
        string client = Client("""
            type Account = record { owner : principal };
            service : {
              named : (to : Account, amount : nat) -> ();
              typed : (Account, opt Account, vec Account) -> ();
              positional : (nat, text) -> ();
              keyword : (object : nat, ct : nat) -> ();
            }
            """, "C");
        Assert.Contains(Signature("NamedAsync", "global::N.Account to, global::Icp.Candid.Nat amount, "), client, StringComparison.Ordinal);
        Assert.Contains(Signature("TypedAsync", "global::N.Account account, global::N.Account? account2, global::N.Account[] arg2, "), client, StringComparison.Ordinal);
        Assert.Contains(Signature("PositionalAsync", "global::Icp.Candid.Nat arg0, string arg1, "), client, StringComparison.Ordinal);
        Assert.Contains(Signature("KeywordAsync", "global::Icp.Candid.Nat @object, global::Icp.Candid.Nat ct2, "), client, StringComparison.Ordinal);
    }

    [Fact]
    public void InternalAccessMakesEveryTopLevelTypeInternal()
    {
        const string did = "type T = record { a : nat }; type V = variant { x; y : T }; service : { f : (T) -> (V) }";
        var files = CSharpClientGenerator.Generate(CandidProgram.Parse(did), new GeneratorOptions { Namespace = "N", ClientName = "TClient", Access = GeneratedAccess.Internal });
        string all = string.Join("\n", files.Select(f => f.Text));
        Assert.Contains("internal sealed partial record T\n", all, StringComparison.Ordinal);
        Assert.Contains("internal abstract partial record V\n", all, StringComparison.Ordinal);
        Assert.Contains("internal static partial class TCandid\n", all, StringComparison.Ordinal);
        Assert.Contains("internal sealed partial class TClient\n", all, StringComparison.Ordinal);
        Assert.DoesNotContain("\npublic ", all, StringComparison.Ordinal);
        var (_, diagnostics) = RoslynCompiler.Compile("Internal", files);
        Assert.Empty(diagnostics);
    }
}
