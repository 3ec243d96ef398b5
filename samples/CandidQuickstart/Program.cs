// A tour of Icp.Candid: typed messages with your own C# types, untyped values and text, and .did files.
using Icp.Candid;

// 1. Your own types. Names map to Candid names with CandidNaming.SnakeCase (CreatedAtTime -> created_at_time);
//    Nat is Candid's nat, T? is opt T, byte[] is blob, an abstract [CandidVariant] record is a variant.
var options = new CandidSerializerOptions { Naming = CandidNaming.SnakeCase };
var transfer = new TransferArg(
    To: new Account(Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai"), Subaccount: null),
    Amount: 1_000_000UL,
    Fee: 10_000UL,
    Memo: [0xCA, 0xFE],
    CreatedAtTime: 1_700_000_000_000_000_000UL);

byte[] message = CandidSerializer.Serialize(transfer, options);
Console.WriteLine($"icrc1_transfer argument: {Convert.ToHexStringLower(message)}");

var back = CandidSerializer.Deserialize<TransferArg>(message, options);
Console.WriteLine($"decoded back: amount {back.Amount}, to {back.To.Owner}");

TransferResult result = new TransferResult.Err(new TransferError.BadFee(ExpectedFee: 20_000UL));
var reply = CandidSerializer.Serialize(result, options);
Console.WriteLine($"a reply: {CandidValuePrinter.PrintArguments(CandidDecoder.Decode(reply))}");

// 2. Any message, without C# types: decode to CandidValues and print them in the Candid text format.
IReadOnlyList<CandidValue> values = CandidDecoder.Decode(message);
Console.WriteLine($"as the message states it: {CandidValuePrinter.PrintArguments(values)}");

// 3. Types from a .did file: field names come back, and text values are parsed at the right types.
var did = CandidProgram.Parse("""
    type Account = record { owner : principal; subaccount : opt blob };
    service : { icrc1_balance_of : (Account) -> (nat) query }
    """);
var method = did.ResolveService().FindMethod("icrc1_balance_of")!.Func;
var argTypes = method.Arguments.Select(a => a.Type).ToArray();
var balanceArgs = CandidValueParser.ParseArguments("(record { owner = principal \"aaaaa-aa\"; subaccount = null })", argTypes, did);
byte[] encoded = CandidEncoder.Encode(argTypes, balanceArgs);
Console.WriteLine($"icrc1_balance_of argument: {Convert.ToHexStringLower(encoded)}");
Console.WriteLine($"printed at its type: {CandidValuePrinter.PrintArguments(CandidDecoder.Decode(encoded, argTypes), argTypes)}");

// 4. Bad input is an exception that says what and where, never a crash or a hang.
try
{
    CandidSerializer.Deserialize<TransferArg>(reply, options);
}
catch (CandidDecodeException e)
{
    Console.WriteLine($"decoding a reply as a TransferArg: {e.Message}");
}

record Account(Principal Owner, byte[]? Subaccount);

record TransferArg(Account To, Nat Amount, Nat? Fee, byte[]? Memo, ulong? CreatedAtTime);

[CandidVariant]
abstract record TransferResult
{
    [CandidName("Ok")] public sealed record Ok(Nat Value) : TransferResult;
    [CandidName("Err")] public sealed record Err(TransferError Value) : TransferResult;
}

[CandidVariant]
abstract record TransferError
{
    [CandidName("BadFee")] public sealed record BadFee(Nat ExpectedFee) : TransferError;
    [CandidName("TemporarilyUnavailable")] public sealed record TemporarilyUnavailable : TransferError;
}
