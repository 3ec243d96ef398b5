namespace Icp.Tool.Tests;

/// <summary><c>--did FILE</c> with <c>--method</c>, <c>--returns</c> and <c>--types</c>, on the real ICRC-1 interface.</summary>
public class DidTests
{
    private const string Transfer =
        "(record { to = record { owner = principal \"aaaaa-aa\"; subaccount = null }; fee = null; memo = opt blob \"hi\"; " +
        "from_subaccount = null; created_at_time = opt (1_700_000_000_000_000_000 : nat64); amount = 100_000 : nat })";

    private static string Did => TestPaths.Icrc1;

    [Fact]
    public void EncodesAndDecodesAMethodsArguments()
    {
        string hex = Tool.Ok("encode", "--did", Did, "--method", "icrc1_transfer", Transfer);
        Assert.StartsWith("4449444c", hex, StringComparison.Ordinal);
        // Printed at the method's types, fields get their names back (in the wire order of their ids).
        Assert.Equal(Transfer, Tool.Ok("decode", "--did", Did, "--method", "icrc1_transfer", hex));
        // The same message decoded at the same types spelled out with --types in the file's scope.
        Assert.Equal(Transfer, Tool.Ok("decode", "--did", Did, "--types", "(TransferArgs)", hex));
    }

    [Fact]
    public void MissingOptFieldsAreFilledInFromTheMethodType()
    {
        string hex = Tool.Ok("encode", "--did", Did, "--method", "icrc1_transfer",
            "(record { to = record { owner = principal \"aaaaa-aa\" }; amount = 5 })");
        Assert.Equal(
            "(record { to = record { owner = principal \"aaaaa-aa\"; subaccount = null }; fee = null; memo = null; " +
            "from_subaccount = null; created_at_time = null; amount = 5 : nat })",
            Tool.Ok("decode", "--did", Did, "--method", "icrc1_transfer", hex));
    }

    [Fact]
    public void ReturnsSelectsTheResultTypes()
    {
        const string result = "(variant { Err = variant { InsufficientFunds = record { balance = 12 : nat } } })";
        string hex = Tool.Ok("encode", "--did", Did, "--method", "icrc1_transfer", "--returns", result);
        Assert.Equal(result, Tool.Ok("decode", "--did", Did, "--method", "icrc1_transfer", "--returns", hex));
        // The result is not an argument: decoding it at the argument types fails with a decode error.
        Assert.StartsWith("error: decode: ", Tool.Fails("decode", "--did", Did, "--method", "icrc1_transfer", hex), StringComparison.Ordinal);
    }

    [Fact]
    public void QueryResultsWithoutArguments()
    {
        Assert.Equal("4449444c00017b08", Tool.Ok("encode", "--did", Did, "--method", "icrc1_decimals", "--returns", "(8)"));
        Assert.Equal("(8 : nat8)", Tool.Ok("decode", "--did", Did, "--method", "icrc1_decimals", "--returns", "4449444c00017b08"));
        Assert.Equal("4449444c0000", Tool.Ok("encode", "--did", Did, "--method", "icrc1_decimals", "()"));
    }

    [Fact]
    public void TypeNamesOfTheFileAreInScopeForTypes()
    {
        string hex = Tool.Ok("encode", "--did", Did, "--types", "(Account, Timestamp)", "(record { owner = principal \"aaaaa-aa\" }, 7)");
        Assert.Equal("(record { owner = principal \"aaaaa-aa\"; subaccount = null }, 7 : nat64)",
            Tool.Ok("decode", "--did", Did, "--types", "(Account, Timestamp)", hex));
    }

    [Fact]
    public void PrettyDecodeOfAMethodArgument()
    {
        string hex = Tool.Ok("encode", "--did", Did, "--method", "icrc1_transfer", Transfer);
        string pretty = Tool.Ok("decode", "--did", Did, "--method", "icrc1_transfer", "--pretty", hex);
        Assert.StartsWith("(\n  record {\n", pretty, StringComparison.Ordinal);
        Assert.Contains("\n    amount = 100_000 : nat;\n", pretty, StringComparison.Ordinal);
        Assert.Equal(hex, Tool.Ok("encode", "--did", Did, "--method", "icrc1_transfer", pretty));
    }

    [Fact]
    public void UnknownMethodListsTheMethods()
    {
        string line = Tool.Fails("encode", "--did", Did, "--method", "icrc1_transfer_from", "()");
        Assert.StartsWith($"error: {Did}: the service has no method 'icrc1_transfer_from' (it has: ", line, StringComparison.Ordinal);
        Assert.Contains("icrc1_transfer)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueOfTheWrongShapeForTheMethod() =>
        Assert.Matches(@"^error: value:1:\d+: ", Tool.Fails("encode", "--did", Did, "--method", "icrc1_transfer", "(record { amount = 5 })"));

    [Fact]
    public void FileWithoutAService()
    {
        using var dir = new TempDir();
        string path = dir.Write("types.did", "type A = nat;\n");
        Assert.Equal($"error: {path}: the file has no service, so it has no method 'f'", Tool.Fails("encode", "--did", path, "--method", "f", "()"));
        Assert.Equal("4449444c00017d01", Tool.Ok("encode", "--did", path, "--types", "(A)", "(1)"));
    }

    [Fact]
    public void MissingDidFile() =>
        Assert.Equal("error: no/such.did: no such file", Tool.Fails("decode", "--did", "no/such.did", "--method", "f", "4449444c0000"));

    [Fact]
    public void MalformedDidFileHasLineAndColumn()
    {
        using var dir = new TempDir();
        string path = dir.Write("bad.did", "service : {\n  f : (nat) -> (nat)\n  g : () -> ();\n}\n");
        Assert.StartsWith($"error: {path}:3:3: ", Tool.Fails("encode", "--did", path, "--method", "f", "(1)"), StringComparison.Ordinal);
    }
}
