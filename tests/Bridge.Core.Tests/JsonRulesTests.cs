using System.Text;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;

namespace Bridge.Core.Tests;

public class JsonRulesTests
{
    private static string R1 => Vectors.Array("receipts.json", "receipts").First().Str("body_text");

    private static Receipt WithGpuSeconds(string raw) =>
        ReceiptParser.Parse(Encoding.UTF8.GetBytes(R1.Replace("\"gpu_seconds\":\"1200\"", $"\"gpu_seconds\":{raw}")));

    [Theory]
    [InlineData("1200", 1200UL)]
    [InlineData("1200.0", 1200UL)]
    [InlineData("1.2e3", 1200UL)]
    [InlineData("1.2E+3", 1200UL)]
    [InlineData("12000e-1", 1200UL)]
    [InlineData("0.00012e7", 1200UL)]
    [InlineData("-0", 0UL)]
    [InlineData("0e999999999999", 0UL)]
    [InlineData("9007199254740991", 9007199254740991UL)]
    [InlineData("9.007199254740991e15", 9007199254740991UL)]
    [InlineData("90071992547409910e-1", 9007199254740991UL)]
    [InlineData("\"000000000000000000000000000000000000000000001200\"", 1200UL)]
    [InlineData("\"18446744073709551615\"", ulong.MaxValue)]
    public void Integers_are_accepted_however_written(string raw, ulong expected) => Assert.Equal(expected, WithGpuSeconds(raw).GpuSeconds);

    [Theory]
    [InlineData("9007199254740992")]
    [InlineData("9.007199254740992e15")]
    [InlineData("1.5")]
    [InlineData("1e-1")]
    [InlineData("-1")]
    [InlineData("1e400")]
    [InlineData("1e-99999999999999999999")]
    [InlineData("\"18446744073709551616\"")]
    [InlineData("\"1.0\"")]
    [InlineData("\"-0\"")]
    [InlineData("\"0x10\"")]
    [InlineData("\"\"")]
    [InlineData("\" 1\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    public void Other_integers_are_malformed_and_name_the_field(string raw)
    {
        var e = Assert.Throws<MalformedBodyException>(() => WithGpuSeconds(raw));
        Assert.Equal("gpu_seconds", e.Field);
        Assert.Contains("gpu_seconds", e.Message);
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("Application/JSON;charset=\"UTF-8\"", true)]
    [InlineData("application/json; charset=latin1", false)]
    [InlineData("application/json; foo=bar", false)]
    [InlineData("application/problem+json", false)]
    [InlineData("text/plain", false)]
    [InlineData(null, false)]
    public void Only_json_with_an_optional_utf8_charset_is_accepted(string? contentType, bool expected) =>
        Assert.Equal(expected, BodyMediaType.IsJson(contentType));

    [Fact]
    public void Duplicate_members_are_malformed_even_when_escaped_differently()
    {
        var body = R1.Insert(1, "\"task\\u005fid\":\"x\",");
        var e = Assert.Throws<MalformedBodyException>(() => ReceiptParser.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.Equal("task_id", e.Field);
    }

    [Fact]
    public void A_missing_member_is_named()
    {
        var body = R1.Replace("\"task_id\":\"t-9f2c\",", "");
        Assert.Equal("task_id", Assert.Throws<MalformedBodyException>(() => ReceiptParser.Parse(Encoding.UTF8.GetBytes(body))).Field);
    }
}
