using System.Numerics;

namespace Icp.Candid.Tests.Binary;

public class CodecBasicsTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", ""));

    [Fact]
    public void Encodes_nat_like_the_specification()
    {
        var bytes = CandidEncoder.Encode([CandidType.Nat], [CandidValue.Nat(42)]);
        Assert.Equal("4449444c00017d2a", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Encodes_text_like_the_specification()
    {
        var bytes = CandidEncoder.Encode([CandidType.Text], [CandidValue.Text("hi")]);
        Assert.Equal("4449444c0001710268 69".Replace(" ", ""), Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Decodes_untyped_record_with_field_ids()
    {
        var type = CandidType.Record(new CandidField("a", CandidType.Nat), new CandidField("b", CandidType.Text));
        var value = CandidValue.Record(new CandidFieldValue("a", CandidValue.Nat(5)), new CandidFieldValue("b", CandidValue.Text("x")));
        var bytes = CandidEncoder.Encode([type], [value]);
        var decoded = CandidDecoder.Decode(bytes);
        Assert.Equal(value, decoded[0]);
        var typed = CandidDecoder.Decode(bytes, [type]);
        Assert.Equal("record { a = 5 : nat; b = \"x\" }", typed[0].ToString());
    }

    [Fact]
    public void Recursive_types_round_trip()
    {
        var list = CandidType.Reference("List");
        list.Bind(CandidType.Opt(CandidType.Record(new CandidField("head", CandidType.Int), new CandidField("tail", list))));
        CandidValue v = CandidValue.None;
        for (int i = 3; i >= 1; i--) v = CandidValue.Some(CandidValue.Record(new CandidFieldValue("head", CandidValue.Int(i)), new CandidFieldValue("tail", v)));
        var bytes = CandidEncoder.Encode([list], [v]);
        Assert.Equal(v, CandidDecoder.Decode(bytes, [list])[0]);
        Assert.Equal(v, CandidDecoder.Decode(bytes)[0]);
    }

    [Fact]
    public void Subtype_decoding_skips_extra_fields_and_defaults_missing_options()
    {
        var sent = CandidType.Record(new CandidField("a", CandidType.Nat), new CandidField("extra", CandidType.Vec(CandidType.Text)));
        var bytes = CandidEncoder.Encode([sent], [CandidValue.Record(new CandidFieldValue("a", CandidValue.Nat(1)),
            new CandidFieldValue("extra", CandidValue.Vec(CandidValue.Text("q"))))]);
        var expected = CandidType.Record(new CandidField("a", CandidType.Int), new CandidField("b", CandidType.Opt(CandidType.Nat)));
        var v = (CandidRecordValue)CandidDecoder.Decode(bytes, [expected])[0];
        Assert.Equal(CandidValue.Int(1), v["a"]);
        Assert.Equal(CandidValue.None, v["b"]);
    }

    [Fact]
    public void Opt_recovers_from_a_mismatch_but_not_from_malformed_data()
    {
        // (opt true) at opt nat: the value does not fit, so it is null.
        Assert.Equal(CandidValue.None, CandidDecoder.Decode(Hex("4449444c016e7e01000101"), [CandidType.Opt(CandidType.Nat)])[0]);
        // (opt 2) as a bool is malformed, even where it would be skipped.
        var ex = Assert.Throws<CandidDecodeException>(() => CandidDecoder.Decode(Hex("4449444c016e7e01000102"), [CandidType.Opt(CandidType.Nat)]));
        Assert.Equal(10, ex.Offset);
    }

    [Fact]
    public void Huge_vector_of_null_fails_fast_on_the_budget()
    {
        // vec null with 2^30 elements: a valid length, but far more work than 7 bytes justify
        var ex = Assert.Throws<CandidDecodeException>(() => CandidDecoder.Decode(Hex("4449444c016d7f0100 8080808004")));
        Assert.Contains("budget", ex.Message);
    }

    [Fact]
    public void Length_beyond_the_input_fails_before_allocating()
    {
        var ex = Assert.Throws<CandidDecodeException>(() => CandidDecoder.Decode(Hex("4449444c016d7c0100 8094ebdc03")));
        Assert.Contains("bytes left", ex.Message);
    }

    [Fact]
    public void Big_numbers_round_trip()
    {
        var big = BigInteger.Pow(2, 200) + 12345;
        var bytes = CandidEncoder.Encode([CandidType.Nat, CandidType.Int, CandidType.Int], [CandidValue.Nat(big), CandidValue.Int(-big), CandidValue.Int(-1)]);
        var d = CandidDecoder.Decode(bytes);
        Assert.Equal(big, ((CandidPrimitiveValue)d[0]).AsBigInteger());
        Assert.Equal(-big, ((CandidPrimitiveValue)d[1]).AsBigInteger());
        Assert.Equal(BigInteger.MinusOne, ((CandidPrimitiveValue)d[2]).AsBigInteger());
    }
}

public class PrincipalTests
{
    [Theory]
    [InlineData("aaaaa-aa", "")]
    [InlineData("2vxsx-fae", "04")]
    [InlineData("ryjl3-tyaaa-aaaaa-aaaba-cai", "00000000000000020101")]
    [InlineData("w7x7r-cok77-xa", "caffee")]
    public void Text_form_round_trips(string text, string hex)
    {
        var p = Principal.Parse(text);
        Assert.Equal(hex, p.ToHex());
        Assert.Equal(text, p.ToString());
        Assert.Equal(p, Principal.Parse(text.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("ryjl3-tyaab-aaaaa-aaaba-cai", "checksum")]
    [InlineData("ryjl3-tyaaa-aaaaa-aaaba-caj", "canonical")]
    [InlineData("ryjl3tyaaa-aaaaa-aaaba-cai", "canonical")]
    [InlineData("ryjl3-tyaaa-aaaaa-aaaba-ca!", "base32")]
    [InlineData("", "too short")]
    public void Bad_text_is_rejected_with_the_reason(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => Principal.Parse(text));
        Assert.Contains(reason, ex.Message);
    }
}

public class EncodeErrorTests
{
    [Fact]
    public void A_value_that_does_not_fit_names_its_place()
    {
        var type = CandidType.Record(new CandidField("a", CandidType.Vec(CandidType.Nat)));
        var value = CandidValue.Record(new CandidFieldValue("a", CandidValue.Vec(CandidValue.Nat(1), CandidValue.Text("x"))));
        var e = Assert.Throws<CandidEncodeException>(() => CandidEncoder.Encode([type], [value]));
        Assert.Equal("argument 0.a[1]", e.Path);
        Assert.Equal("argument 0.a[1]: expected a value of type nat but got \"x\"", e.Message);
    }

    [Fact]
    public void A_missing_record_field_is_named()
    {
        var type = CandidType.Record(new CandidField("a", CandidType.Nat), new CandidField("b", CandidType.Text));
        var e = Assert.Throws<CandidEncodeException>(() => CandidEncoder.Encode([type], [CandidValue.Record(new CandidFieldValue("a", CandidValue.Nat(1)))]));
        Assert.Equal("argument 0: the record value has no field 'b'", e.Message);
    }
}
