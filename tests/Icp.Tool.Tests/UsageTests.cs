namespace Icp.Tool.Tests;

public class UsageTests
{
    private const string Hint = "usage: dotnet candid <encode|decode|check|generate>";

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void HelpListsTheCommands(string flag)
    {
        string help = Tool.Ok(flag);
        Assert.Contains("dotnet candid encode", help, StringComparison.Ordinal);
        Assert.Contains("dotnet candid decode", help, StringComparison.Ordinal);
        Assert.Contains("dotnet candid check", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("encode", "--returns")]
    [InlineData("decode", "--pretty")]
    [InlineData("check", "FILE.did")]
    public void EachCommandHasHelp(string command, string mentions) =>
        Assert.Contains(mentions, Tool.Ok(command, "--help"), StringComparison.Ordinal);

    [Fact]
    public void Version() => Assert.Matches(@"^dotnet-candid \d+\.\d+\.\d+", Tool.Ok("--version"));

    [Fact]
    public void NoCommand() => Assert.Equal($"error: no command given; {Hint} [options] ... (see dotnet candid --help)", Tool.Fails());

    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "--frobnicate" }, "unknown option '--frobnicate'")]
    [InlineData(new[] { "generate" }, "generate: expected a .did file")]
    [InlineData(new[] { "generate", "a.did", "--output", "x" }, "generate: --namespace NS is required")]
    [InlineData(new[] { "encode", "--pretty", "(1)" }, "encode: unknown option '--pretty'")]
    [InlineData(new[] { "decode", "--typo", "00" }, "decode: unknown option '--typo'")]
    [InlineData(new[] { "encode", "(1)", "--types" }, "encode: option '--types' needs a value")]
    [InlineData(new[] { "encode", "--types", "--did", "x.did", "(1)" }, "encode: option '--types' needs a value")]
    [InlineData(new[] { "encode", "--types", "(nat)", "--types", "(int)", "(1)" }, "encode: option '--types' is given twice")]
    [InlineData(new[] { "decode", "--pretty=yes", "00" }, "decode: option '--pretty' takes no value")]
    [InlineData(new[] { "encode", "--method", "f", "()" }, "encode: --method needs --did FILE")]
    [InlineData(new[] { "decode", "--returns", "00" }, "decode: --returns needs --did FILE --method NAME")]
    [InlineData(new[] { "decode", "--did", "a.did", "00" }, "decode: --did needs --method NAME or --types TEXT")]
    [InlineData(new[] { "encode", "--did", "a.did", "--method", "f", "--types", "(nat)", "()" }, "encode: give either --types or --method, not both")]
    public void UsageErrorsExitOneWithAUsageHint(string[] args, string message)
    {
        string line = Tool.Fails(args);
        Assert.StartsWith($"error: {message}; ", line, StringComparison.Ordinal);
        Assert.Contains(Hint, line, StringComparison.Ordinal);
    }
}
