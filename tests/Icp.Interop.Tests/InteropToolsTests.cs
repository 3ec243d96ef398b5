using System.Text.Json;

namespace Icp.Interop.Tests;

/// <summary>
/// The reference tools themselves, checked against outcomes the Candid spec fixes, so that a broken
/// install or a wrong invocation fails here rather than as a confusing mismatch elsewhere.
/// </summary>
public sealed class InteropToolsTests
{
    private static InteropTools Tools => InteropTools.Shared;

    // Field ids: hash(s) = sum of s's UTF-8 bytes * 223^k mod 2^32 (spec); "bar" = 4895187 (LEB128
    // d3e3aa02), "foo" = 5097222 (868eb702). Records list fields and values by increasing id.
    private const string FooBarType = "(record { foo : nat; bar : text })";
    private const string FooBarHex = "4449444c016c02d3e3aa0271868eb7027d0100017801";

    [Theory]
    [InlineData("(nat)", "(42 : nat)", "4449444c00017d2a")]
    [InlineData("(nat)", "(42)", "4449444c00017d2a")]
    [InlineData("(text)", "(\"hi\")", "4449444c000171026869")]
    [InlineData("bool", "true", "4449444c00017e01")]
    [InlineData("(int)", "(-1)", "4449444c00017c7f")]
    [InlineData("(nat, text)", "(300, \"\")", "4449444c00027d71ac0200")]
    [InlineData(FooBarType, "(record { foo = 1; bar = \"x\" })", FooBarHex)]
    [InlineData("(opt nat8)", "(null)", "4449444c016e7b010000")]
    [InlineData("(vec nat8)", "(blob \"\\01\\02\")", "4449444c016d7b0100020102")]
    [InlineData("(principal)", "(principal \"aaaaa-aa\")", "4449444c0001680100")]
    public async Task RustEncodesAsTheSpecSays(string types, string value, string expectedHex)
    {
        var bytes = await Tools.EncodeWithRust(types, "", value);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(bytes));
    }

    [Theory]
    [InlineData("(nat)", "[\"42\"]", "4449444c00017d2a")]
    [InlineData("(nat)", "[42]", "4449444c00017d2a")]
    [InlineData("(text)", "[\"hi\"]", "4449444c000171026869")]
    [InlineData("(bool)", "[true]", "4449444c00017e01")]
    [InlineData("(int)", "[\"-1\"]", "4449444c00017c7f")]
    [InlineData("(nat, text)", "[300, \"\"]", "4449444c00027d71ac0200")]
    [InlineData(FooBarType, "[{\"foo\":\"1\",\"bar\":\"x\"}]", FooBarHex)]
    [InlineData("(opt nat8)", "[[]]", "4449444c016e7b010000")]
    [InlineData("(vec nat8)", "[\"0102\"]", "4449444c016d7b0100020102")]
    [InlineData("(principal)", "[\"aaaaa-aa\"]", "4449444c0001680100")]
    public async Task JsEncodesAsTheSpecSays(string types, string valueJson, string expectedHex)
    {
        var bytes = await Tools.EncodeWithJs(types, valueJson);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(bytes));
    }

    [Theory]
    [InlineData("(nat)", "4449444c00017d2a", "[\"42\"]")]
    [InlineData("(text)", "4449444c000171026869", "[\"hi\"]")]
    [InlineData("(nat, text)", "4449444c00027d71ac0200", "[\"300\",\"\"]")]
    [InlineData(FooBarType, FooBarHex, "[{\"foo\":\"1\",\"bar\":\"x\"}]")]
    [InlineData("(opt nat8)", "4449444c016e7b010001ff", "[[255]]")]
    [InlineData("(vec nat8)", "4449444c016d7b0100020102", "[\"0102\"]")]
    [InlineData("(principal)", "4449444c0001680100", "[\"aaaaa-aa\"]")]
    // hash("ok") = 24860 (9cc201), hash("err") = 5048165 (e58eb402): err is case 1.
    [InlineData("(variant { ok : nat; err : text })", "4449444c016b029cc2017de58eb402710100010178", "[{\"err\":\"x\"}]")]
    public async Task JsDecodesToTheDocumentedJson(string types, string hex, string expectedJson)
    {
        var json = await Tools.DecodeWithJs(types, Convert.FromHexString(hex));
        Assert.Equal(Normalize(expectedJson), Normalize(json));
    }

    [Fact]
    public async Task RecursiveDefinitionsRoundTripAcrossRustAndJs()
    {
        const string defs = "type Value = variant { Blob : blob; Text : text; Nat : nat; Int : int; Array : vec Value; Map : vec record { text; Value } };";
        const string text = "(variant { Map = vec { record { \"ts\"; variant { Nat = 1_700_000_000_000_000_000 } }; record { \"to\"; variant { Array = vec { variant { Blob = blob \"\\ab\" }; variant { Int = -5 } } } } } })";
        var rust = await Tools.EncodeWithRust("(Value)", defs, text);

        var json = await Tools.DecodeWithJs(defs + " (Value)", rust);
        Assert.Equal(
            "[{\"Map\":[[\"ts\",{\"Nat\":\"1700000000000000000\"}],[\"to\",{\"Array\":[{\"Blob\":\"ab\"},{\"Int\":\"-5\"}]}]]}]",
            json);

        // JS re-encodes what it decoded; the bytes may differ from Rust's (type table layout), the value may not.
        var js = await Tools.EncodeWithJs(defs + " (Value)", json);
        Assert.Equal(json, await Tools.DecodeWithJs(defs + " (Value)", js));
        Assert.Equal(await Tools.DecodeWithRust("(Value)", defs, rust), await Tools.DecodeWithRust("(Value)", defs, js));
    }

    [Fact]
    public async Task RustDecodesToCandidText()
    {
        Assert.Equal("(42 : nat)", await Tools.DecodeWithRust("(nat)", "", Convert.FromHexString("4449444c00017d2a")));
        var text = await Tools.DecodeWithRust(FooBarType, "", Convert.FromHexString(FooBarHex));
        Assert.Contains("foo = 1 : nat", text, StringComparison.Ordinal);
        Assert.Contains("bar = \"x\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOnlyPrintsTheSignedMessage()
    {
        var json = await Tools.IcpSignOnly("ryjl3-tyaaa-aaaaa-aaaba-cai", "greet", "service : { greet : (text) -> (text) }", "(\"x\")");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("icp-signed-message", root.GetProperty("format").GetString());
        var requestId = root.GetProperty("request").GetProperty("request_id").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", requestId);
        Assert.NotEmpty(Convert.FromBase64String(root.GetProperty("request").GetProperty("envelope").GetString()!));
        var summary = root.GetProperty("summary");
        Assert.Equal("2vxsx-fae", summary.GetProperty("sender").GetString());
        Assert.Equal("ryjl3-tyaaa-aaaaa-aaaba-cai", summary.GetProperty("canister_id").GetString());
        Assert.Equal("greet", summary.GetProperty("method").GetString());
        Assert.Equal("4449444c0001710178", Convert.ToHexStringLower(Convert.FromBase64String(summary.GetProperty("arg").GetString()!)));
        Assert.Equal(InteropTools.MainnetRootKeyHex, root.GetProperty("network").GetProperty("root_key").GetString());
    }

    [Fact]
    public async Task RustRejectsAValueOfTheWrongType()
    {
        var e = await Assert.ThrowsAsync<InteropToolException>(() => Tools.EncodeWithRust("(nat)", "", "(\"x\")"));
        Assert.Contains("type mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsRejectsBadInputWithItsReason()
    {
        var e1 = await Assert.ThrowsAsync<InteropToolException>(() => Tools.EncodeWithJs("(nat)", "[\"-1\"]"));
        Assert.Contains("nat", e1.Message, StringComparison.Ordinal);
        var e2 = await Assert.ThrowsAsync<InteropToolException>(() => Tools.DecodeWithJs("(nat)", Convert.FromHexString("4449444c00017d")));
        Assert.StartsWith("candid.mjs:", e2.Message, StringComparison.Ordinal);
        var e3 = await Assert.ThrowsAsync<InteropToolException>(() => Tools.EncodeWithJs("(func () -> ())", "[null]"));
        Assert.Contains("not supported", e3.Message, StringComparison.Ordinal);

        // The long-lived node process survives errors.
        Assert.Equal("4449444c00017d2a", Convert.ToHexStringLower(await Tools.EncodeWithJs("(nat)", "[42]")));
    }

    [Fact]
    public void MissingNodeModulesFailsWithTheInstallCommand()
    {
        var root = Directory.CreateTempSubdirectory("interop-missing-");
        try
        {
            var e = Assert.Throws<InteropToolException>(() => new InteropTools(root.FullName));
            Assert.Contains("npm ci --prefix tests/interop", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void RepoRootHoldsTheSolution()
    {
        Assert.True(File.Exists(Path.Combine(Tools.RepoRoot, "Bridge.sln")));
        Assert.True(File.Exists(Path.Combine(Tools.InteropDirectory, "package-lock.json")));
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
