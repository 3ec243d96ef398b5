using System.Text.Json.Nodes;
using Icp.Candid;

namespace Icp.Interop.Tests;

/// <summary>
/// Our Candid codec against the official ones, both ways: the Rust encoder (icp CLI) and the JavaScript
/// codec (@icp-sdk/core). A table of (definitions, argument types, text value) covers every type kind;
/// then the three standard payloads of the benchmarks go through JavaScript.
/// </summary>
public sealed class CandidInteropTests
{
    private static InteropTools Tools => InteropTools.Shared;

    private const string Icrc3Value =
        "type Value = variant { Blob : blob; Text : text; Nat : nat; Int : int; Array : vec Value; Map : vec record { text; Value } };";

    private const string Icrc1Transfer =
        "type Subaccount = blob; type Account = record { owner : principal; subaccount : opt Subaccount };" +
        " type TransferArg = record { from_subaccount : opt Subaccount; to : Account; amount : nat; fee : opt nat; memo : opt blob; created_at_time : opt nat64 };";

    /// <summary>One case: a name, type definitions, the argument sequence, a text value, and what may be checked.</summary>
    /// <param name="SameBytes">Our encoding must equal Rust's byte for byte (no type-table choices involved).</param>
    /// <param name="Js">The JavaScript side supports the types (it rejects func and service).</param>
    public sealed record Case(string Name, string Definitions, string ArgTypes, string Value, bool SameBytes = true, bool Js = true)
    {
        public override string ToString() => Name;
    }

    public static readonly Case[] Cases =
    [
        new("no arguments", "", "()", "()"),
        new("nat sizes at max", "", "(nat8, nat16, nat32, nat64)", "(255, 65535, 4294967295, 18446744073709551615)"),
        new("int sizes at min", "", "(int8, int16, int32, int64)", "(-128, -32768, -2147483648, -9223372036854775808)"),
        new("small ints", "", "(int8, int16, int32, int64, nat8)", "(-1, 300, -70000, 5000000000, 0)"),
        new("big nat", "", "(nat, nat, nat)", "(0, 624485, 123456789012345678901234567890123456789)"),
        new("big negative int", "", "(int, int, int)", "(-98765432109876543210987654321, -64, 63)"),
        new("floats", "", "(float32, float64, float64, float32)", "(1.5, -3.25e-10, 1.7976931348623157e308, 0.1)"),
        new("bool null reserved", "", "(bool, bool, null, reserved)", "(true, false, null, null)"),
        new("text with unicode and escapes", "", "(text, text)",
            "(\"h\u00e9llo \U0001F30D \\u{1F600}\\n\\t\\\"q\\\" \\\\ \\e2\\82\\ac\", \"\")"),
        new("principals", "", "(principal, principal, principal)",
            "(principal \"aaaaa-aa\", principal \"ryjl3-tyaaa-aaaaa-aaaba-cai\", principal \"2vxsx-fae\")"),
        new("opt and opt opt", "", "(opt nat, opt nat, opt opt text, opt opt text, opt opt text)",
            "(opt 5, null, opt opt \"x\", opt null, null)",
            // Rust shares every structurally equal table entry; we share simple ones only (opt opt text appears twice).
            SameBytes: false),
        new("vec", "", "(vec int16, vec vec text, vec bool)", "(vec { 1; -2; 3 }, vec { vec { \"a\"; \"b\" }; vec {} }, vec {})"),
        new("blob", "", "(blob, vec nat8, blob)", "(blob \"\\00\\ff\\10abc\", vec { 1; 2; 255 }, blob \"\")"),
        new("record with named fields", "", "(record { name : text; age : nat8; tags : vec text })",
            "(record { name = \"Ada\"; age = 36; tags = vec { \"math\"; \"engines\" } })"),
        new("record with numeric fields", "", "(record { 0 : nat; 5 : text; 4_294_967_295 : bool })",
            "(record { 0 = 1; 5 = \"five\"; 4_294_967_295 = true })"),
        new("tuple", "", "(record { nat; text; opt bool })", "(record { 7; \"seven\"; opt true })"),
        new("variants", "", "(variant { ok : nat; err : text }, variant { a; b; c : int })", "(variant { err = \"boom\" }, variant { b })"),
        new("empty records", "", "(record {}, vec record {})", "(record {}, vec { record {}; record {} })"),
        new("nested opt vec record", "", "(vec opt record { x : opt vec nat16; y : record { z : int32 } })",
            "(vec { opt record { x = opt vec { 1; 65535 }; y = record { z = -5 } }; null; opt record { x = null; y = record { z = 0 } } })",
            SameBytes: false),
        new("ICRC-1 transfer error", "type E = variant { BadFee : record { expected_fee : nat }; InsufficientFunds : record { balance : nat };" +
            " GenericError : record { error_code : nat; message : text }; TooOld };", "(variant { Ok : nat; Err : E })",
            "(variant { Err = variant { GenericError = record { error_code = 42; message = \"nope\" } } })", SameBytes: false),
        new("recursive list", "type List = opt record { head : int; tail : List };", "(List)",
            "(opt record { head = 1; tail = opt record { head = -2; tail = opt record { head = 300; tail = null } } })"),
        new("recursive tree", "type Tree = variant { leaf : int; node : record { left : Tree; right : Tree } };", "(Tree)",
            "(variant { node = record { left = variant { leaf = 1 }; right = variant { node = record { left = variant { leaf = -2 }; right = variant { leaf = 3 } } } } })"),
        new("mutually recursive", "type A = record { b : opt B; n : nat }; type B = record { a : opt A; t : text };", "(A, B)",
            "(record { n = 1; b = opt record { t = \"x\"; a = opt record { n = 2; b = null } } }, record { t = \"y\"; a = null })",
            SameBytes: false),
        new("ICRC-3 value", Icrc3Value, "(Value)",
            "(variant { Map = vec { record { \"btype\"; variant { Text = \"1xfer\" } }; record { \"ts\"; variant { Nat = 1_700_000_000_000_000_000 } };" +
            " record { \"tx\"; variant { Map = vec { record { \"amt\"; variant { Int = -5 } }; record { \"from\"; variant { Array = vec { variant { Blob = blob \"\\01\\02\" } } } } } } } } })"),
        new("ICRC-1 transfer args", Icrc1Transfer, "(TransferArg)",
            "(record { from_subaccount = null; to = record { owner = principal \"ryjl3-tyaaa-aaaaa-aaaba-cai\"; subaccount = opt blob \"\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\01\" };" +
            " amount = 100_000_000; fee = opt 10_000; memo = opt blob \"hi\"; created_at_time = opt 1_700_000_000_000_000_000 })",
            SameBytes: false),
        new("vec of transfers", "", "(vec record { from : principal; to : principal; amount : nat; fee : opt nat; memo : opt blob; created_at_time : opt nat64 })",
            "(vec { record { from = principal \"aaaaa-aa\"; to = principal \"2vxsx-fae\"; amount = 1; fee = null; memo = null; created_at_time = null };" +
            " record { from = principal \"2vxsx-fae\"; to = principal \"aaaaa-aa\"; amount = 2; fee = opt 3; memo = opt blob \"\\ff\"; created_at_time = opt 4 } })",
            SameBytes: false),
        new("func reference", "", "(func (text) -> (nat) query)", "(func \"ryjl3-tyaaa-aaaaa-aaaba-cai\".greet)", Js: false),
        new("service reference", "", "(service { greet : (text) -> (text) })", "(service \"ryjl3-tyaaa-aaaaa-aaaba-cai\")", Js: false),
    ];

    public static TheoryData<Case> AllCases() => [.. Cases];

    private static (IReadOnlyList<CandidType> Types, CandidProgram Scope) Types(Case c)
    {
        var scope = CandidProgram.Parse(c.Definitions);
        return (CandidProgram.ParseArgumentTypes(c.ArgTypes, scope), scope);
    }

    private static string JsTypes(Case c) => $"{c.Definitions}\n{c.ArgTypes}";

    [Theory]
    [MemberData(nameof(AllCases))]
    public async Task RustEncoding_DecodesToWhatOurParserReads(Case c)
    {
        var (types, scope) = Types(c);
        var expected = CandidValueParser.ParseArguments(c.Value, types, scope);
        var rust = await Tools.EncodeWithRust(c.ArgTypes, c.Definitions, c.Value);

        var decoded = CandidDecoder.Decode(rust, types);
        Assert.Equal(Print(expected, types), Print(decoded, types));
        Assert.Equal(expected, decoded);

        // Untyped, the message states its own types: re-encoded at ours, nothing changes.
        var untyped = CandidDecoder.Decode(rust);
        Assert.Equal(types.Count, untyped.Count);
        Assert.Equal(expected, CandidDecoder.Decode(CandidEncoder.Encode(CandidDecoder.DecodeTypes(rust), untyped), types));
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public async Task OurEncoding_ReadsTheSameInRustAndJs(Case c)
    {
        var (types, scope) = Types(c);
        var values = CandidValueParser.ParseArguments(c.Value, types, scope);
        var ours = CandidEncoder.Encode(types, values);
        var rust = await Tools.EncodeWithRust(c.ArgTypes, c.Definitions, c.Value);
        if (c.SameBytes)
        {
            Assert.Equal(Convert.ToHexStringLower(rust), Convert.ToHexStringLower(ours));
        }

        // Rust prints our bytes as text; our parser reads that text back to the same values.
        var rustText = await Tools.DecodeWithRust(c.ArgTypes, c.Definitions, ours);
        Assert.Equal(values, CandidValueParser.ParseArguments(rustText, types, scope));

        if (c.Js)
        {
            var jsOfRust = await Tools.DecodeWithJs(JsTypes(c), rust);
            var jsOfOurs = await Tools.DecodeWithJs(JsTypes(c), ours);
            Assert.Equal(jsOfRust, jsOfOurs);
            // And JavaScript's own encoding of that JSON is one we decode to the same values.
            var js = await Tools.EncodeWithJs(JsTypes(c), jsOfRust);
            Assert.Equal(values, CandidDecoder.Decode(js, types));
        }
    }

    private static string Print(IReadOnlyList<CandidValue> values, IReadOnlyList<CandidType> types) =>
        CandidValuePrinter.PrintArguments(values, types);

    // ------------------------------------------------------------------ the standard payloads

    /// <summary>The generator of payloads.mjs (a 32-bit LCG), bit for bit.</summary>
    private sealed class Lcg(uint seed)
    {
        private uint _s = seed;

        public double Next()
        {
            _s = unchecked(_s * 1664525u + 1013904223u);
            return _s / 4294967296.0;
        }

        public byte Byte() => (byte)Math.Floor(Next() * 256);

        public string Hex(int n) => Convert.ToHexStringLower(Enumerable.Range(0, n).Select(_ => Byte()).ToArray());

        public string Principal(int n) =>
            Icp.Candid.Principal.FromBytes(Enumerable.Range(0, n).Select(_ => Byte()).ToArray()).ToString();
    }

    public static TheoryData<string> PayloadNames() => ["icrc3-blocks-10k", "transfers-10k", "blob-1mib"];

    private static (string Definitions, string ArgTypes, JsonArray Value) Payload(string name)
    {
        switch (name)
        {
            case "icrc3-blocks-10k":
            {
                var r = new Lcg(7);
                JsonObject Acct() => new() { ["Array"] = new JsonArray(new JsonObject { ["Blob"] = r.Hex(29) }) };
                var blocks = new JsonArray();
                for (int i = 0; i < 10_000; i++)
                {
                    var map = new JsonArray(
                        new JsonArray("btype", new JsonObject { ["Text"] = "1xfer" }),
                        new JsonArray("ts", new JsonObject { ["Nat"] = (1_700_000_000_000_000_000UL + (ulong)i).ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                        new JsonArray("phash", new JsonObject { ["Blob"] = r.Hex(32) }));
                    var amt = ((long)Math.Floor(r.Next() * 1e12)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var tx = new JsonArray(
                        new JsonArray("amt", new JsonObject { ["Nat"] = amt }),
                        new JsonArray("from", Acct()),
                        new JsonArray("to", Acct()),
                        new JsonArray("memo", new JsonObject { ["Blob"] = "0001020304050607" }));
                    map.Add(new JsonArray("tx", new JsonObject { ["Map"] = tx }));
                    blocks.Add(new JsonObject { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["block"] = new JsonObject { ["Map"] = map } });
                }

                return (Icrc3Value + "\ntype Block = record { id : nat; block : Value };", "(vec Block)", new JsonArray(blocks));
            }

            case "transfers-10k":
            {
                var r = new Lcg(11);
                var list = new JsonArray();
                for (int i = 0; i < 10_000; i++)
                {
                    var from = r.Principal(29);
                    var to = r.Principal(29);
                    var amount = ((long)Math.Floor(r.Next() * 1e15)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    list.Add(new JsonObject
                    {
                        ["from"] = from,
                        ["to"] = to,
                        ["amount"] = amount,
                        ["fee"] = new JsonArray("10000"),
                        ["memo"] = i % 2 == 1 ? new JsonArray("01020304") : new JsonArray(),
                        ["created_at_time"] = new JsonArray((1_700_000_000_000_000_000UL + (ulong)i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    });
                }

                return ("", "(vec record { from : principal; to : principal; amount : nat; fee : opt nat; memo : opt blob; created_at_time : opt nat64 })",
                    new JsonArray(list));
            }

            case "blob-1mib":
                return ("", "(blob)", new JsonArray(new Lcg(3).Hex(1 << 20)));

            default:
                throw new ArgumentException($"unknown payload {name}", nameof(name));
        }
    }

    [Theory]
    [MemberData(nameof(PayloadNames))]
    public async Task StandardPayload_EncodedByJs_DecodesAndReencodesIdentically(string name)
    {
        var (definitions, argTypes, value) = Payload(name);
        var typesText = $"{definitions}\n{argTypes}";
        var js = await Tools.EncodeWithJs(typesText, value.ToJsonString());
        var types = CandidProgram.ParseArgumentTypes(argTypes, CandidProgram.Parse(definitions));

        var decoded = CandidDecoder.Decode(js, types);
        var arg = decoded[0];
        switch (name)
        {
            case "blob-1mib":
                Assert.Equal(Convert.FromHexString(value[0]!.GetValue<string>()), ((CandidBlobValue)arg).Bytes.ToArray());
                break;
            default:
                var items = ((CandidVecValue)arg).Elements;
                Assert.Equal(10_000, items.Count);
                var last = (CandidRecordValue)items[^1];
                if (name == "transfers-10k")
                {
                    var expected = value[0]![9_999]!;
                    Assert.Equal(Principal.Parse(expected["to"]!.GetValue<string>()), ((CandidPrincipalValue)last["to"]!).Value);
                    Assert.Equal(CandidValue.Some(CandidValue.Blob([1, 2, 3, 4])), last["memo"]);
                    Assert.Equal(CandidValue.Nat(System.Numerics.BigInteger.Parse(expected["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)), last["amount"]);
                }
                else
                {
                    Assert.Equal(CandidValue.Nat(9_999), last["id"]);
                }

                break;
        }

        // Untyped decoding reads the same message.
        Assert.Equal(decoded, CandidDecoder.Decode(CandidEncoder.Encode(CandidDecoder.DecodeTypes(js), CandidDecoder.Decode(js)), types));

        var ours = CandidEncoder.Encode(types, decoded);
        Assert.Equal(decoded, CandidDecoder.Decode(ours, types));
        var jsOfJs = await Tools.DecodeWithJs(typesText, js);
        var jsOfOurs = await Tools.DecodeWithJs(typesText, ours);
        Assert.Equal(jsOfJs.Length, jsOfOurs.Length);
        Assert.True(jsOfJs == jsOfOurs, $"JavaScript reads our re-encoding of {name} differently");
        // And it is what went in.
        Assert.Equal(value.ToJsonString(), jsOfOurs);
    }
}
