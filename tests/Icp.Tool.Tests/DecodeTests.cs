namespace Icp.Tool.Tests;

public class DecodeTests
{
    [Fact]
    public void DecodesAsTheMessageStatesWithoutTypes()
    {
        Assert.Equal("(42 : nat)", Tool.Ok("decode", "4449444c00017d2a"));
        Assert.Equal("(\"hi\", true)", Tool.Ok("decode", "4449444c0002717e02686901"));
        Assert.Equal("()", Tool.Ok("decode", "4449444c0000"));
    }

    [Fact]
    public void DecodesAtGivenTypes() =>
        Assert.Equal("(42 : nat)", Tool.Ok("decode", "--types", "(nat)", "4449444c00017d2a"));

    [Fact]
    public void TypesGiveFieldNamesTheMessageLacks()
    {
        string hex = Tool.Ok("encode", "--types", "(record { name : text })", "(record { name = \"x\" })");
        Assert.Equal("(record { 1_224_700_491 = \"x\" })", Tool.Ok("decode", hex));
        Assert.Equal("(record { name = \"x\" })", Tool.Ok("decode", "--types", "(record { name : text })", hex));
    }

    [Fact]
    public void DecodesWithSubtyping()
    {
        // A missing opt argument is null; an extra argument is skipped.
        Assert.Equal("(42 : nat, null)", Tool.Ok("decode", "--types", "(nat, opt text)", "4449444c00017d2a"));
        Assert.Equal("(\"hi\")", Tool.Ok("decode", "--types", "(text)", "4449444c0002717e02686901"));
    }

    [Theory]
    [InlineData("(nat)", "(42)")]
    [InlineData("(int, text)", "(-7, \"caf\\u{e9}\")")]
    [InlineData("(vec record { nat8; opt bool })", "(vec { record { 1; opt true }; record { 2; null } })")]
    [InlineData("(variant { a; b : principal })", "(variant { b = principal \"aaaaa-aa\" })")]
    [InlineData("(blob, float64)", "(blob \"\\00\\ff\", 1.5)")]
    public void RoundTripsThroughEncode(string types, string value)
    {
        string hex = Tool.Ok("encode", "--types", types, value);
        Assert.Matches("^[0-9a-f]+$", hex);
        string text = Tool.Ok("decode", "--types", types, hex);
        // Printing is canonical: the decoded text encodes to the same bytes.
        Assert.Equal(hex, Tool.Ok("encode", "--types", types, text));
        Assert.Equal(text, Tool.Ok("decode", "--types", types, Tool.Ok("encode", "--types", types, text)));
    }

    [Fact]
    public void HexMayContainWhitespaceUpperCaseAndA0xPrefix() =>
        Assert.Equal("(42 : nat)", Tool.Ok("decode", " 0x4449 444C\n00 01\t7D 2A\n"));

    [Fact]
    public void ReadsHexFromStdin()
    {
        var r = Tool.RunWithInput("4449444c\n00017d2a\n", "decode", "-");
        Assert.Equal(0, r.Exit);
        Assert.Equal("(42 : nat)\n", r.Out);
    }

    [Fact]
    public void ReadsRawBinaryFromAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"candid-tool-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, Convert.FromHexString("4449444c00017d2a"));
        try
        {
            Assert.Equal("(42 : nat)", Tool.Ok("decode", "--file", path));
            Assert.Equal("(42)", Tool.Ok("decode", "--types", "(int)", "--file", path)); // nat <: int
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PrettyLaysLongValuesOutOverSeveralLines()
    {
        string value = "(vec { " + string.Join("; ", Enumerable.Range(0, 30).Select(i => $"\"item number {i}\"")) + " })";
        string hex = Tool.Ok("encode", value);
        string oneLine = Tool.Ok("decode", hex);
        Assert.DoesNotContain('\n', oneLine);
        string pretty = Tool.Ok("decode", "--pretty", hex);
        string[] lines = pretty.Split('\n');
        Assert.True(lines.Length > 30, pretty);
        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
        Assert.Equal(hex, Tool.Ok("encode", pretty));
    }

    [Fact]
    public void WrongTypeNamesTheByte() =>
        Assert.Equal("error: decode: expected text but the message has nat (at byte 7)", Tool.Fails("decode", "--types", "(text)", "4449444c00017d2a"));

    [Fact]
    public void MissingNonOptArgument() =>
        Assert.Contains("the message has no argument 1", Tool.Fails("decode", "--types", "(nat, text)", "4449444c00017d2a"));

    [Theory]
    [InlineData("4449444c00017d")]      // value cut off
    [InlineData("4449444c0001")]        // type list cut off
    [InlineData("4449444c")]            // header only
    [InlineData("4449")]                // not even the magic
    public void TruncatedMessagesFail(string hex) =>
        Assert.Matches(@"^error: decode: .+ \(at byte \d+\)$", Tool.Fails("decode", hex));

    [Fact]
    public void TruncatedValueReportsTheEnd() =>
        Assert.Equal("error: decode: unexpected end of the message inside a LEB128 number (at byte 7)", Tool.Fails("decode", "4449444c00017d"));

    [Fact]
    public void NotACandidMessage() =>
        Assert.Contains("DIDL (at byte 0)", Tool.Fails("decode", "68656c6c6f"));

    [Fact]
    public void TrailingBytesAreAnError() =>
        Assert.Equal("error: decode: 1 byte left after the last value (at byte 8)", Tool.Fails("decode", "4449444c00017d2aff"));

    [Theory]
    [InlineData("4449444c00017dzz", "error: hex: 'z' at position 15 is not a hex digit")]
    [InlineData("4449444c00017d2", "error: hex: odd number of hex digits (15); each byte needs two")]
    [InlineData("  ", "error: hex: the input has no hex digits")]
    public void MalformedHex(string hex, string expected) =>
        Assert.Equal(expected, Tool.Fails("decode", hex));

    [Fact]
    public void MissingBinaryFile() =>
        Assert.Equal("error: no-such-message.bin: no such file", Tool.Fails("decode", "--file", "no-such-message.bin"));

    [Fact]
    public void DirectoryIsNotAFile() =>
        Assert.EndsWith(": is a directory, not a file", Tool.Fails("decode", "--file", Path.GetTempPath()), StringComparison.Ordinal);

    [Fact]
    public void NeedsExactlyOneInput()
    {
        Assert.Contains("expected the message in hex", Tool.Fails("decode"));
        Assert.Contains("expected one hex argument but got 2", Tool.Fails("decode", "4449", "444c"));
        Assert.Contains("either HEX or --file", Tool.Fails("decode", "--file", "x.bin", "4449444c0000"));
    }
}
