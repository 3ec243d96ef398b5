namespace Icp.Candid.Tests.TextFormat;

/// <summary>The text format printer: didc-style output that parses back to an equal value.</summary>
public class ValuePrinterTests
{
    public static TheoryData<string> Values() =>
    [
        "(42, -1_000_000, 7 : nat, 255 : nat8, -128 : int8, 65_535 : nat16, 4_294_967_295 : nat32, 18_446_744_073_709_551_615 : nat64, -9_223_372_036_854_775_808 : int64)",
        "(1.5 : float64, 3.0 : float32, -0.0 : float64, 1E+300 : float64, true, false, null, null : reserved)",
        "(\"☃ \\n \\\" \\' \\\\ \\u{0}\", \"\")",
        "(opt 5, opt opt \"x\", opt (5 : nat8), null : opt empty, opt (null : opt empty))",
        "(blob \"\\00\\ffab\\22\", blob \"\", vec {}, vec { 1; 2; 3 }, vec { \"a\"; \"b\" })",
        "(record {}, record { 1; \"two\" }, record { a = 1; b = record { c = vec { 1 } } }, record { 5 = 1; 6 = 2; \"quoted name\" = 3 })",
        "(variant { ok = 5 }, variant { none }, variant { 42 = \"x\" })",
        "(principal \"aaaaa-aa\", service \"w7x7r-cok77-xa\", func \"w7x7r-cok77-xa\".foo, func \"aaaaa-aa\".\"🐂\")",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Printed_values_parse_back_equal(string text)
    {
        var values = CandidValueParser.ParseArguments(text);
        foreach (bool indent in new[] { false, true })
        {
            string printed = CandidValuePrinter.PrintArguments(values, indent);
            Assert.Equal(values, CandidValueParser.ParseArguments(printed));
        }
    }

    [Fact]
    public void Output_is_didc_style()
    {
        var values = CandidValueParser.ParseArguments("(1000, 1000 : nat, opt (5 : nat8), blob \"a\\01\", record { 1; 2 }, variant { a })");
        Assert.Equal("(1_000, 1_000 : nat, opt (5 : nat8), blob \"a\\01\", record { 1; 2 }, variant { a })", CandidValuePrinter.PrintArguments(values));
    }

    [Fact]
    public void Long_values_are_laid_out_over_lines_when_asked()
    {
        var v = CandidValueParser.ParseValue("record { first_field_name = \"a fairly long text value\"; second_field_name = vec { 1; 2; 3; 4; 5; 6 } }");
        Assert.DoesNotContain('\n', CandidValuePrinter.Print(v));
        string indented = CandidValuePrinter.Print(v, indent: true);
        Assert.Contains("\n  first_field_name = \"a fairly long text value\";\n", indented);
        Assert.Equal(v, CandidValueParser.ParseValue(indented));
    }

    [Fact]
    public void Printing_at_a_type_names_fields_that_have_only_ids()
    {
        var type = CandidProgram.ParseType("record { amount : nat; memo : opt blob; kind : variant { transfer; burn } }");
        var value = CandidValue.Record(
            new CandidFieldValue(CandidLabel.FromId(CandidLabel.Hash("amount")), CandidValue.Nat(5)),
            new CandidFieldValue(CandidLabel.FromId(CandidLabel.Hash("memo")), CandidValue.None),
            new CandidFieldValue(CandidLabel.FromId(CandidLabel.Hash("kind")), CandidValue.Variant(CandidLabel.FromId(CandidLabel.Hash("burn")))));
        string printed = CandidValuePrinter.Print(value, type);
        Assert.Equal("record { kind = variant { burn }; memo = null; amount = 5 : nat }", printed);
        Assert.Equal(value, CandidValueParser.ParseValue(printed, type));
        // Without the type, the ids are all there is.
        string kind = CandidNumberText.Group(CandidLabel.Hash("kind").ToString(System.Globalization.CultureInfo.InvariantCulture));
        string burn = CandidNumberText.Group(CandidLabel.Hash("burn").ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith($"record {{ {kind} = variant {{ {burn} }};", CandidValuePrinter.Print(value));
    }

    [Fact]
    public void Blob_keeps_printable_ascii_and_escapes_the_rest()
    {
        Assert.Equal("blob \"Hi!\\22\\27\\5c\\60\\00\\ff\"", CandidValuePrinter.Print(CandidValue.Blob("Hi!\"'\\`\0"u8.ToArray().Append((byte)0xff).ToArray())));
        Assert.Equal("blob \"\\01\\02\"", CandidValuePrinter.Print(CandidValue.Vec(CandidValue.Nat8(1), CandidValue.Nat8(2))));
    }

    [Fact]
    public void Arguments_at_types_print_none_as_null()
    {
        var types = CandidProgram.ParseArgumentTypes("(opt nat, nat)");
        var values = CandidValueParser.ParseArguments("(null, 3)", types);
        string printed = CandidValuePrinter.PrintArguments(values, types);
        Assert.Equal("(null, 3 : nat)", printed);
        Assert.Equal(values, CandidValueParser.ParseArguments(printed, types));
    }
}
