using Icp.Candid;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Icp.Agent.Hashing;

namespace Icp.Agent.Tests;

public class RequestIdTests
{
    private static readonly JsonElement Data = Vectors.Load("request_id.json");

    public static TheoryData<string> VectorIds()
    {
        var data = new TheoryData<string>();
        foreach (var v in Data.GetProperty("vectors").EnumerateArray()) data.Add(v.GetProperty("id").GetString()!);
        return data;
    }

    private static JsonElement Vector(string id) =>
        Data.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);

    [Fact]
    public void AllNineVectorsAreCovered() => Assert.Equal(9, VectorIds().Count);

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void RequestIdMatchesVector(string id)
    {
        var v = Vector(id);
        var requestId = RequestId.FromContent(Vectors.Map(v.GetProperty("content")));
        Assert.Equal(v.GetProperty("expected_request_id").GetString(), requestId.ToHex());
    }

    [Fact]
    public void SpecExampleFieldHashesMatch()
    {
        var v = Vector("spec-request-id-example");
        var content = Vectors.Map(v.GetProperty("content"));
        foreach (var field in v.GetProperty("field_hashes").EnumerateObject())
        {
            Assert.Equal(field.Value.GetProperty("key_hash").GetString(), Vectors.Hex(SHA256.HashData(Encoding.UTF8.GetBytes(field.Name))));
            Assert.Equal(field.Value.GetProperty("value_hash").GetString(), Vectors.Hex(RepresentationIndependentHash.HashValue(content[field.Name])));
        }
    }

    [Fact]
    public void TopLevelArrayOfInts()
    {
        var v = Data.GetProperty("other_hash_vectors").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "top-level-array-of-ints");
        Assert.Equal(v.GetProperty("expected_hash").GetString(), Vectors.Hex(RepresentationIndependentHash.HashValue(Vectors.Value(v.GetProperty("value")))));
    }

    [Fact]
    public void SpecNestedMapExample()
    {
        var v = Data.GetProperty("other_hash_vectors").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "spec-nested-map-example");
        Assert.Equal(v.GetProperty("expected_hash_derived").GetString(), Vectors.Hex(RepresentationIndependentHash.HashOfMap(Vectors.Map(v.GetProperty("content")))));
    }

    [Fact]
    public void Leb128Examples()
    {
        var ex = Data.GetProperty("leb128_examples");
        foreach (var u in ex.GetProperty("unsigned_leb128").EnumerateArray())
        {
            var value = BigInteger.Parse(u.GetProperty("value").GetString()!);
            Assert.Equal(u.GetProperty("bytes").GetString(), Vectors.Hex(Leb128.EncodeUnsigned(value)));
            Assert.Equal(u.GetProperty("bytes").GetString(), Vectors.Hex(Leb128.EncodeUnsigned((ulong)value)));
            Assert.Equal((ulong)value, Leb128.DecodeUnsigned(Vectors.Hex(u.GetProperty("bytes").GetString()!)));
        }
        foreach (var s in ex.GetProperty("signed_leb128").EnumerateArray())
            Assert.Equal(s.GetProperty("bytes").GetString(), Vectors.Hex(Leb128.EncodeSigned(BigInteger.Parse(s.GetProperty("value").GetString()!))));
    }

    [Theory]
    [InlineData(73, "c900")]
    [InlineData(-1, "7f")]
    [InlineData(63, "3f")]
    [InlineData(64, "c000")]
    [InlineData(-64, "40")]
    [InlineData(-65, "bf7f")]
    public void SignedLeb128EdgeCases(long value, string hex) => Assert.Equal(hex, Vectors.Hex(Leb128.EncodeSigned(value)));

    [Fact]
    public void Leb128DecodeRejectsBadInput()
    {
        Assert.Throws<FormatException>(() => Leb128.DecodeUnsigned([]));
        Assert.Throws<FormatException>(() => Leb128.DecodeUnsigned([0x80]));
        Assert.Throws<FormatException>(() => Leb128.DecodeUnsigned([0x01, 0x02]));
        Assert.Throws<FormatException>(() => Leb128.DecodeUnsigned([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]));
        Assert.Equal(ulong.MaxValue, Leb128.DecodeUnsigned([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    }

    [Fact]
    public void DisplayForm()
    {
        var d = Data.GetProperty("request_id_display_example");
        Assert.Equal(d.GetProperty("text").GetString(), new RequestId(Vectors.Hex(d.GetProperty("bytes").GetString()!)).ToString());
    }

    [Fact]
    public void SignableMessagesUseTheDomainSeparators()
    {
        var id = new RequestId(new byte[32]);
        Assert.Equal("0a69632d72657175657374" + new string('0', 64), Vectors.Hex(id.SignableMessage()));
        Assert.Equal("1a69632d726571756573742d617574682d64656c65676174696f6e", Vectors.Hex(DomainSeparators.RequestAuthDelegation));
        Assert.Equal("0d69632d73746174652d726f6f74", Vectors.Hex(DomainSeparators.StateRoot));
        var custom = DomainSeparators.Create("bridge-receipt");
        Assert.Equal(14, custom[0]);
        var fields = new Dictionary<string, HashableValue> { ["a"] = HashableValue.Nat(1) };
        var message = RepresentationIndependentHash.SignableMessage(custom, fields);
        Assert.Equal([.. custom, .. RepresentationIndependentHash.HashOfMap(fields)], message);
    }

    [Fact]
    public void BadMapsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => RepresentationIndependentHash.HashOfMap([new("a", HashableValue.Nat(1)), new("a", HashableValue.Nat(2))]));
        HashableValue deep = HashableValue.Nat(0);
        for (var i = 0; i < 100; i++) deep = HashableValue.Array(deep);
        Assert.Throws<ArgumentException>(() => RepresentationIndependentHash.HashValue(deep));
        Assert.Throws<ArgumentOutOfRangeException>(() => HashableValue.Nat(-1));
    }
}
