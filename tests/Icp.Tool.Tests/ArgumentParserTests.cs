namespace Icp.Tool.Tests;

public class ArgumentParserTests
{
    private static readonly OptionSpec[] Specs = [new("--types", true), new("--pretty", false)];

    [Fact]
    public void SplitsOptionsAndPositionals()
    {
        var a = ToolArguments.Parse("t", ["x", "--types", "(nat)", "--pretty", "y"], Specs);
        Assert.Equal(["x", "y"], a.Positional);
        Assert.Equal("(nat)", a.Value("--types"));
        Assert.True(a.Has("--pretty"));
        Assert.Null(a.Value("--pretty"));
    }

    [Fact]
    public void InlineValuesMayContainEqualsSigns() =>
        Assert.Equal("(record { a = 1 })", ToolArguments.Parse("t", ["--types=(record { a = 1 })"], Specs).Value("--types"));

    [Fact]
    public void DashIsPositionalAndDoubleDashEndsOptions()
    {
        var a = ToolArguments.Parse("t", ["-", "--", "--pretty", "-5"], Specs);
        Assert.Equal(["-", "--pretty", "-5"], a.Positional);
        Assert.False(a.Has("--pretty"));
    }

    [Fact]
    public void SingleDashWordsAreValuesNotOptions() =>
        Assert.Equal(["-5"], ToolArguments.Parse("t", ["-5"], Specs).Positional);

    [Fact]
    public void UnknownOptionIsAUsageError() =>
        Assert.Equal("t: unknown option '--nope'", Assert.Throws<UsageException>(() => ToolArguments.Parse("t", ["--nope"], Specs)).Message);
}
