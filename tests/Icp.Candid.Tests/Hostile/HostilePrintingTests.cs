namespace Icp.Candid.Tests.Hostile;

/// <summary>
/// Issue 8, printing: a valid 15-byte message decodes to 3.9 million <c>record {}</c>; printing it must stop
/// at the caller's limit with work and memory proportional to that limit, not to the value.
/// </summary>
public class HostilePrintingTests
{
    private static readonly byte[] Reproducer = Convert.FromHexString("4449444c026d016c000100e084ee01");

    [Fact]
    public void The_reproducer_is_valid_and_decodes_to_a_vector_of_3_9_million_records()
    {
        var run = Bounded.Run(() =>
        {
            var vec = (CandidVecValue)CandidDecoder.Decode(Reproducer)[0];
            Assert.Equal(3_900_000, vec.Elements.Count);
        });
        run.OnlyThrew().AllocatedAtMost(1 << 20);
    }

    [Theory]
    [InlineData(false, 8)]
    [InlineData(true, 64)]
    public void Printing_stops_at_the_limit_with_memory_proportional_to_it(bool indent, int bytesPerCharacter)
    {
        // Before: 12.7 s and 2.6 GB for 43 million characters of output.
        var values = CandidDecoder.Decode(Reproducer);
        const int limit = 1_000_000;
        var run = Bounded.Run(() => CandidValuePrinter.PrintArguments(values, indent, limit));
        Assert.Equal(limit, run.Threw<CandidOutputLimitException>().Limit);
        run.AllocatedAtMost((long)bytesPerCharacter * limit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_value_that_fits_the_limit_prints_in_full(bool indent)
    {
        var values = CandidDecoder.Decode(HostileMessages.ZeroSizedVector(1_000));
        string unlimited = CandidValuePrinter.PrintArguments(values, indent);
        Assert.Equal(unlimited, CandidValuePrinter.PrintArguments(values, indent, unlimited.Length));
        Assert.Throws<CandidOutputLimitException>(() => CandidValuePrinter.PrintArguments(values, indent, unlimited.Length - 1));
    }

    [Fact]
    public void One_line_output_is_what_the_layout_renders_flat()
    {
        string text = "(opt 5, opt opt \"x\", opt (5 : nat8), null : opt empty, opt (null : opt empty), vec {}, record {}, "
            + "record { 1; \"two\" }, record { a = 1; b = record { c = vec { 1 } } }, variant { ok = 5 }, variant { none }, blob \"\\00a\")";
        var values = CandidValueParser.ParseArguments(text);
        Assert.Equal(text, CandidValuePrinter.PrintArguments(values));
        Assert.Equal(values, CandidValueParser.ParseArguments(CandidValuePrinter.PrintArguments(values, indent: true)));
    }

    [Fact]
    public void Values_in_encode_errors_are_cut()
    {
        var big = CandidValue.Vec(Enumerable.Range(0, 100_000).Select(i => CandidValue.Text("element " + i)).ToArray());
        var e = Assert.Throws<CandidEncodeException>(() => CandidEncoder.Encode([CandidType.Nat], [big]));
        Assert.True(e.Message.Length < 700, e.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("…", e.Message, StringComparison.Ordinal);
    }
}
