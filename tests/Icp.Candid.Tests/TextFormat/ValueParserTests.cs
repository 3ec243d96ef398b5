using System.Numerics;

namespace Icp.Candid.Tests.TextFormat;

/// <summary>The text format parser: one test per rule.</summary>
public class ValueParserTests
{
    private static IReadOnlyList<CandidValue> Typed(string text, string types) =>
        CandidValueParser.ParseArguments(text, CandidProgram.ParseArgumentTypes(types));

    private static CandidSyntaxException Fails(string text, string types) =>
        Assert.Throws<CandidSyntaxException>(() => Typed(text, types));

    [Fact]
    public void Unannotated_integers_are_int_and_fractions_float64_as_in_didc()
    {
        var v = CandidValueParser.ParseArguments("(42, -7, 1.5, 3., 1e3)");
        Assert.Equal([CandidValue.Int(42), CandidValue.Int(-7), CandidValue.Float64(1.5), CandidValue.Float64(3), CandidValue.Float64(1000)], v);
    }

    [Fact]
    public void Numbers_take_the_expected_type()
    {
        Assert.Equal([CandidValue.Nat8(42), CandidValue.Nat(1000), CandidValue.Int64(-5), CandidValue.Float32(2)], Typed("(0x2A, 1_000, -5, 2)", "(nat8, nat, int64, float32)"));
    }

    [Theory]
    [InlineData("(300)", "(nat8)", "out of range for nat8")]
    [InlineData("(-1)", "(nat)", "negative")]
    [InlineData("(-129)", "(int8)", "out of range for int8")]
    [InlineData("(18446744073709551616)", "(nat64)", "out of range for nat64")]
    [InlineData("(1.5)", "(int)", "not an integer")]
    public void Numbers_out_of_range_fail_at_their_position(string text, string types, string reason)
    {
        var e = Fails(text, types);
        Assert.Contains(reason, e.Message);
        Assert.StartsWith("1:2: ", e.Message);
    }

    [Fact]
    public void Errors_name_line_and_column()
    {
        var e = Fails("(\n  record {\n    a = 300 })", "(record { a : nat8 })");
        Assert.Equal(3, e.Line);
        Assert.Equal(9, e.Column);
        Assert.StartsWith("3:9: ", e.Message);
    }

    [Fact]
    public void Null_is_none_at_opt_and_opt_wraps()
    {
        Assert.Equal([CandidValue.None, CandidValue.Some(CandidValue.Nat(5)), CandidValue.Some(CandidValue.None)], Typed("(null, opt 5, opt null)", "(opt nat, opt nat, opt opt nat)"));
        Assert.Contains("expected a value of type nat", Fails("(null)", "(nat)").Message);
    }

    [Fact]
    public void A_value_that_is_not_opt_is_not_lifted_to_opt()
    {
        Fails("(5)", "(opt nat)");
    }

    [Fact]
    public void Annotations_type_a_value_and_must_fit_the_expected_type()
    {
        Assert.Equal(CandidValue.Nat8(5), CandidValueParser.ParseValue("(5 : nat8)"));
        Assert.Equal([CandidValue.Int(5)], Typed("(5 : nat)", "(int)"));
        Assert.Contains("does not fit", Fails("(5 : nat8)", "(nat16)").Message);
    }

    [Fact]
    public void Blob_literals_and_vectors_of_bytes_are_blobs()
    {
        var v = Typed("(blob \"\\de\\ad\", vec { 1; 2 }, blob \"ab\")", "(blob, blob, vec nat8)");
        Assert.Equal(CandidValue.Blob([0xde, 0xad]), v[0]);
        Assert.IsType<CandidBlobValue>(v[1]);
        Assert.Equal(CandidValue.Blob([1, 2]), v[1]);
        Assert.Equal(CandidValue.Blob("ab"u8), v[2]);
        Assert.Equal(CandidValue.Blob([0xff]), CandidValueParser.ParseValue("blob \"\\ff\""));
        Assert.Contains("out of range", Fails("(vec { 256 })", "(blob)").Message);
    }

    [Fact]
    public void References_parse_principals()
    {
        var v = Typed("(principal \"aaaaa-aa\", service \"w7x7r-cok77-xa\", func \"aaaaa-aa\".\"🐂\", func \"aaaaa-aa\".m)",
            "(principal, service {}, func () -> (), func () -> ())");
        Assert.Equal(CandidValue.Principal(Principal.ManagementCanister), v[0]);
        Assert.Equal(CandidValue.Service(Principal.Parse("w7x7r-cok77-xa")), v[1]);
        Assert.Equal(CandidValue.Func(Principal.ManagementCanister, "🐂"), v[2]);
        Assert.Equal(CandidValue.Func(Principal.ManagementCanister, "m"), v[3]);
        Fails("(principal \"aaaaa-aa\")", "(service {})");
        Assert.Throws<CandidSyntaxException>(() => CandidValueParser.ParseValue("principal \"not-a-principal\""));
    }

    [Fact]
    public void Record_labels_are_names_hex_or_decimal_ids_and_tuple_fields_count_on()
    {
        var r = (CandidRecordValue)CandidValueParser.ParseValue("record { a = 1; 0x2a = 2; 3 = 3; 4 }");
        Assert.Equal([3u, 4u, 42u, CandidLabel.Hash("a")], r.Fields.Select(f => f.Label.Id));
        var t = (CandidRecordValue)CandidValueParser.ParseValue("record { 1; \"a\" }");
        Assert.Equal(CandidValue.Tuple(CandidValue.Int(1), CandidValue.Text("a")), t);
        Assert.Throws<CandidSyntaxException>(() => CandidValueParser.ParseValue("record { a = 1; a = 2 }"));
    }

    [Fact]
    public void Record_fields_match_the_type_by_hash_extra_fields_drop_and_missing_opt_fields_are_none()
    {
        var v = Typed("(record { a = 1; \"b\" = 2; extra = true })", "(record { a : nat; b : nat8; c : opt text; d : reserved })");
        var r = (CandidRecordValue)v[0];
        Assert.Equal(CandidValue.Nat(1), r["a"]);
        Assert.Equal(CandidValue.Nat8(2), r["b"]);
        Assert.Equal(CandidValue.None, r["c"]);
        Assert.Equal(CandidValue.Reserved, r["d"]);
        Assert.Null(r["extra"]);
        Assert.Equal("a", r.Fields.First(f => f.Label.Id == CandidLabel.Hash("a")).Label.Name);
        Assert.Contains("missing", Fails("(record { a = 1 })", "(record { a : nat; b : nat })").Message);
    }

    [Fact]
    public void Variants_take_one_alternative_and_a_bare_label_is_null()
    {
        Assert.Equal([CandidValue.Variant("ok", CandidValue.Nat(5)), CandidValue.Variant("none")],
            Typed("(variant { ok = 5 }, variant { none })", "(variant { ok : nat; err : text }, variant { none; some : nat })"));
        Assert.Contains("no alternative", Fails("(variant { nope })", "(variant { ok : nat })").Message);
        Assert.Throws<CandidSyntaxException>(() => CandidValueParser.ParseValue("variant {}"));
    }

    [Fact]
    public void Text_has_all_escapes()
    {
        Assert.Equal(CandidValue.Text("☃\n\r\t\"'\\A☃"), CandidValueParser.ParseValue("\"\\u{2603}\\n\\r\\t\\\"\\'\\\\\\41\\u{26_03}\""));
        Assert.Equal(CandidValue.Text("☃"), CandidValueParser.ParseValue("\"\\e2\\98\\83\""));
    }

    [Theory]
    [InlineData("\"\\ff\"", "not valid UTF-8")]
    [InlineData("\"\\u{D800}\"", "out of range")]
    [InlineData("\"\\u{110000}\"", "out of range")]
    [InlineData("\"\\u{2603\"", "malformed unicode escape")]
    [InlineData("\"\\q\"", "unknown escape")]
    [InlineData("\"abc", "unclosed string")]
    [InlineData("/* x", "unclosed comment")]
    public void Bad_text_fails(string text, string reason)
    {
        var e = Assert.Throws<CandidSyntaxException>(() => CandidValueParser.ParseValue(text));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Reserved_is_written_null_colon_reserved_and_any_value_fits_reserved()
    {
        Assert.Equal(CandidValue.Reserved, CandidValueParser.ParseValue("null : reserved"));
        Assert.Equal([CandidValue.Reserved, CandidValue.Reserved], Typed("(\"x\", record { 1 })", "(reserved, reserved)"));
    }

    [Fact]
    public void Missing_trailing_arguments_are_none_at_opt_and_an_error_otherwise()
    {
        Assert.Equal([CandidValue.None], Typed("()", "(opt nat)"));
        Assert.Contains("argument 1", Fails("()", "(nat)").Message);
        Assert.Equal([CandidValue.Nat(1)], Typed("(1, 2)", "(nat)"));
    }

    [Fact]
    public void Comments_and_trailing_separators_are_allowed()
    {
        Assert.Equal([CandidValue.Int(1), CandidValue.Vec(CandidValue.Int(2))], CandidValueParser.ParseArguments("( // one\n 1, /* two */ vec { 2; }, )"));
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        string deep = string.Concat(Enumerable.Repeat("opt ", 100_000)) + "1";
        Assert.Contains("nesting", Assert.Throws<CandidSyntaxException>(() => CandidValueParser.ParseValue(deep)).Message);
        string parens = new string('(', 100_000) + "1" + new string(')', 100_000);
        Assert.Contains("nesting", Assert.Throws<CandidSyntaxException>(() => CandidValueParser.ParseValue(parens)).Message);
    }

    [Fact]
    public void Big_numbers_keep_their_precision()
    {
        Assert.Equal([CandidValue.Nat(BigInteger.Parse("123456789012345678901234567890"))], Typed("(123_456_789_012_345_678_901_234_567_890)", "(nat)"));
    }

    [Fact]
    public void Surplus_input_is_an_error()
    {
        Assert.Contains("expected end of input", Assert.Throws<CandidSyntaxException>(() => CandidValueParser.ParseArguments("(1) 2")).Message);
    }
}
