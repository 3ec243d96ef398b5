namespace Icp.Tool.Tests;

public class EncodeTests
{
    [Fact]
    public void EncodesAtGivenTypes() =>
        Assert.Equal("4449444c00017d2a", Tool.Ok("encode", "--types", "(nat)", "(42)"));

    [Fact]
    public void AcceptsTheOptionValueAfterAnEqualsSign() =>
        Assert.Equal("4449444c00017d2a", Tool.Ok("encode", "--types=(nat)", "(42)"));

    [Fact]
    public void InfersTypesWithoutThem()
    {
        // An unannotated number is an int (0x7c); text is 0x71, bool 0x7e.
        Assert.Equal("4449444c00017c2a", Tool.Ok("encode", "(42)"));
        Assert.Equal("4449444c0002717e02686901", Tool.Ok("encode", "(\"hi\", true)"));
        Assert.Equal("4449444c00017b05", Tool.Ok("encode", "(5 : nat8)"));
    }

    [Fact]
    public void EncodesTheEmptyArgumentList() =>
        Assert.Equal("4449444c0000", Tool.Ok("encode", "()"));

    [Fact]
    public void ReadsTheValueFromStdin()
    {
        var r = Tool.RunWithInput("(\n  42,\n)\n", "encode", "--types", "(nat)", "-");
        Assert.Equal(0, r.Exit);
        Assert.Equal("4449444c00017d2a\n", r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public void NegativeNumbersAreValuesNotOptions() =>
        Assert.Equal("4449444c00017c7b", Tool.Ok("encode", "--", "(-5)"));

    [Fact]
    public void ValueSyntaxErrorHasLineAndColumn() =>
        Assert.Equal("error: value:1:5: expected a value but found end of input", Tool.Fails("encode", "(1, "));

    [Fact]
    public void ValueErrorFromStdinNamesStdin() =>
        Assert.StartsWith("error: stdin:2:", Tool.AssertFailure(Tool.RunWithInput("(\n  1 2)", "encode", "-")), StringComparison.Ordinal);

    [Fact]
    public void ValueOutOfRangeForItsType() =>
        Assert.Equal("error: value:1:2: 300 is out of range for nat8 (0 to 255)", Tool.Fails("encode", "--types", "(nat8)", "(300)"));

    [Fact]
    public void MissingArgumentIsAnError() =>
        Assert.Contains("argument 1 of type nat is missing", Tool.Fails("encode", "--types", "(nat)", "()"));

    [Fact]
    public void MissingOptArgumentIsFilledIn() =>
        Assert.Equal("4449444c016e7d010000", Tool.Ok("encode", "--types", "(opt nat)", "()"));

    [Fact]
    public void TypeListSyntaxErrorHasLineAndColumn() =>
        Assert.Equal("error: --types:1:5: expected ',' or ')' but found end of input", Tool.Fails("encode", "--types", "(nat", "(1)"));

    [Fact]
    public void UnboundTypeNameInTypeList() =>
        Assert.Equal("error: --types:1:2: unbound type name 'Account'", Tool.Fails("encode", "--types", "(Account)", "(1)"));

    [Fact]
    public void ValuesThatCannotBeInferredAreAnError() =>
        Assert.StartsWith("error: encode: ", Tool.Fails("encode", "(vec { 1; \"a\" })"), StringComparison.Ordinal);

    [Fact]
    public void NeedsExactlyOneValueText()
    {
        Assert.Contains("expected the value text", Tool.Fails("encode"));
        Assert.Contains("expected one value text but got 2", Tool.Fails("encode", "(1)", "(2)"));
    }
}
