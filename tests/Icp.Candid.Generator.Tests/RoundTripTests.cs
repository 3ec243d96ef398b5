using System.Numerics;
using Generated.Icrc1;
using Generated.Icrc3;

namespace Icp.Candid.Generator.Tests;

/// <summary>
/// The types and converters the MSBuild <c>Candid</c> items generated from ICRC-1.did and ICRC-3.did, against the
/// untyped codec: a value in the text format is encoded by <see cref="CandidEncoder"/>, read by the generated
/// converter, written again by it, and <see cref="CandidDecoder"/> reads back the same value.
/// </summary>
public class RoundTripTests
{
    private static readonly CandidProgram Icrc1 = CandidProgram.Load(Path.Combine(TestPaths.DidFolder, "ICRC-1.did"));
    private static readonly CandidProgram Icrc3 = CandidProgram.Load(Path.Combine(TestPaths.DidFolder, "ICRC-3.did"));
    private static readonly Principal Owner = Principal.Parse("aaaaa-aa");

    internal static T RoundTrip<T>(CandidProgram program, string typeText, string valueText, CandidConverter<T> converter)
    {
        var type = CandidProgram.ParseType(typeText, program);
        var expected = CandidValueParser.ParseArguments(valueText, [type], program);
        byte[] untyped = CandidEncoder.Encode([type], expected);

        var reader = new CandidArgumentReader(untyped);
        T value = reader.Read(converter);
        reader.End();

        using var writer = new CandidArgumentWriter(converter.CandidType);
        writer.Write(converter, value);
        byte[] typed = writer.ToArray();
        var back = CandidDecoder.Decode(typed, [type]);
        Assert.Equal(CandidValuePrinter.PrintArguments(expected), CandidValuePrinter.PrintArguments(back));
        Assert.Equal(expected, back);
        return value;
    }

    [Fact]
    public void AccountWithAndWithoutSubaccount()
    {
        var a = RoundTrip(Icrc1, "Account", """(record { owner = principal "aaaaa-aa"; subaccount = opt blob "\01\02\03" })""", Account.Converter);
        Assert.Equal(Owner, a.Owner);
        Assert.Equal([1, 2, 3], a.Subaccount);
        var b = RoundTrip(Icrc1, "Account", """(record { owner = principal "aaaaa-aa"; subaccount = null })""", Account.Converter);
        Assert.Null(b.Subaccount);
    }

    [Fact]
    public void TransferArgsWithOptionalFields()
    {
        var t = RoundTrip(Icrc1, "TransferArgs", """
            (record {
              from_subaccount = null; to = record { owner = principal "2vxsx-fae"; subaccount = null };
              amount = 123_456_789_012_345_678_901_234_567_890; fee = opt 10_000; memo = opt blob "memo"; created_at_time = opt 1_700_000_000_000_000_000
            })
            """, TransferArgs.Converter);
        Assert.Equal(Principal.Anonymous, t.To.Owner);
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture), t.Amount.Value);
        Assert.Equal(new Nat(10_000UL), t.Fee);
        Assert.Equal(1_700_000_000_000_000_000UL, t.CreatedAtTime);
        Assert.Null(t.FromSubaccount);
    }

    [Fact]
    public void TransferResultVariants()
    {
        var ok = RoundTrip(Icrc1, "variant { Ok : nat; Err : TransferError }", "(variant { Ok = 42 })", Icrc1TransferResult.Converter);
        Assert.Equal(new Icrc1TransferResult.Ok(new Nat(42UL)), ok);
        var badFee = RoundTrip(Icrc1, "variant { Ok : nat; Err : TransferError }", "(variant { Err = variant { BadFee = record { expected_fee = 10_000 } } })", Icrc1TransferResult.Converter);
        var fee = Assert.IsType<TransferError.BadFee>(Assert.IsType<Icrc1TransferResult.Err>(badFee).Value);
        Assert.Equal(new Nat(10_000UL), fee.Value.ExpectedFee);
        var tooOld = RoundTrip(Icrc1, "variant { Ok : nat; Err : TransferError }", "(variant { Err = variant { TooOld } })", Icrc1TransferResult.Converter);
        Assert.IsType<TransferError.TooOld>(Assert.IsType<Icrc1TransferResult.Err>(tooOld).Value);
        RoundTrip(Icrc1, "TransferError", """(variant { GenericError = record { error_code = 7; message = "no" } })""", TransferError.Converter);
    }

    [Fact]
    public void MetadataTuplesAndValues()
    {
        var items = RoundTrip(Icrc1, "vec record { text; Value }", """
            (vec { record { "icrc1:name"; variant { Text = "Token" } }; record { "icrc1:fee"; variant { Nat = 10_000 } };
                   record { "x"; variant { Int = -5 } }; record { "y"; variant { Blob = blob "\ff" } } })
            """, Icrc1Candid.VecIcrc1MetadataResultItem);
        Assert.Equal("icrc1:name", items[0].Item1);
        Assert.Equal(new Generated.Icrc1.Value.Text("Token"), items[0].Item2);
        Assert.Equal(new Generated.Icrc1.Value.Int(-5), items[2].Item2);
    }

    [Fact]
    public void RecursiveIcrc3Value()
    {
        var v = RoundTrip(Icrc3, "Value", """
            (variant { Map = vec {
              record { "tx"; variant { Map = vec { record { "amt"; variant { Nat = 5 } }; record { "memo"; variant { Blob = blob "hi" } } } } };
              record { "list"; variant { Array = vec { variant { Int = -1 }; variant { Array = vec {} }; variant { Text = "deep" } } } }
            } })
            """, Generated.Icrc3.Value.Converter);
        var map = Assert.IsType<Generated.Icrc3.Value.Map>(v);
        Assert.Equal("list", map.Value[1].Item1);
        var list = Assert.IsType<Generated.Icrc3.Value.Array>(map.Value[1].Item2);
        Assert.Equal(3, list.Value.Length);
    }

    [Fact]
    public void BlocksWithFunctionReferences()
    {
        var r = RoundTrip(Icrc3, "GetBlocksResult", """
            (record {
              log_length = 2;
              blocks = vec { record { id = 0; block = variant { Text = "genesis" } } };
              archived_blocks = vec { record { args = vec { record { start = 0; length = 100 } }; callback = func "aaaaa-aa".icrc3_get_blocks } }
            })
            """, GetBlocksResult.Converter);
        Assert.Equal(new CandidFunc(Owner, "icrc3_get_blocks"), r.ArchivedBlocks[0].Callback);
        Assert.Equal(new Nat(100UL), r.ArchivedBlocks[0].Args[0].Length);
    }

    [Fact]
    public void OptionalRecordAndEmptyVector()
    {
        var c = RoundTrip(Icrc3, "opt DataCertificate", """(opt record { certificate = blob "c"; hash_tree = blob "t" })""", Icrc3Candid.OptDataCertificate);
        Assert.Equal("c"u8.ToArray(), c!.Certificate);
        Assert.Null(RoundTrip(Icrc3, "opt DataCertificate", "(null)", Icrc3Candid.OptDataCertificate));
        Assert.Empty(RoundTrip(Icrc3, "GetArchivesResult", "(vec {})", Icrc3Candid.VecGetArchivesResultItem));
    }

    [Fact]
    public void ExtraFieldsAreSkippedAndMissingRequiredFieldsFail()
    {
        var wide = CandidProgram.ParseType("record { owner : principal; subaccount : opt blob; extra : vec text }");
        byte[] bytes = CandidEncoder.Encode([wide], CandidValueParser.ParseArguments("""(record { owner = principal "aaaaa-aa"; extra = vec { "x" } })""", [wide]));
        Assert.Equal(Owner, CandidSerializer.Deserialize(bytes, Account.Converter).Owner);

        var narrow = CandidProgram.ParseType("record { subaccount : opt blob }");
        byte[] missing = CandidEncoder.Encode([narrow], CandidValueParser.ParseArguments("(record { subaccount = null })", [narrow]));
        Assert.ThrowsAny<CandidDecodeException>(() => CandidSerializer.Deserialize(missing, Account.Converter));
    }

    [Fact]
    public void TypedAndUntypedEncodingsAreTheSameBytesForPlainTypes()
    {
        var account = new Account { Owner = Owner, Subaccount = [9] };
        byte[] typed = CandidSerializer.Serialize(account, Account.Converter);
        var type = Icrc1.FindType("Account")!;
        byte[] untyped = CandidEncoder.Encode([type], CandidDecoder.Decode(typed, [type]));
        Assert.Equal(untyped, typed);
    }

    [Fact]
    public void GeneratedTypesAreTheProgramsTypes()
    {
        foreach (var d in Icrc1.Definitions)
        {
            var generated = typeof(Icrc1Candid.Types).GetFields().Select(f => f.GetValue(null)).OfType<CandidTypeReference>().Single(r => r.Name == d.Name);
            Assert.True(CandidSubtyping.IsSubtype(generated, d.Type) && CandidSubtyping.IsSubtype(d.Type, generated), d.Name);
        }
    }
}
