namespace Icp.Candid.Benchmarks.HandWritten;

// The transfer-record payload mapped by hand (the secondary rows of CodecBenchmarks; the primary rows use the
// generator's own output for payloads.did).

public sealed record Transfer(Principal From, Principal To, Nat Amount, Nat? Fee, byte[]? Memo, ulong? CreatedAtTime);

public sealed class TransferConverter : CandidConverter<Transfer>
{
    public static readonly TransferConverter Instance = new();
    private static readonly CandidShape Shape = new(["from", "to", "amount", "fee", "memo", "created_at_time"], [false, false, false, true, true, true]);
    private static readonly NullableConverter<Nat> OptNat = new(CandidConverters.Nat);
    private static readonly OptionalConverter<byte[]> OptBlob = new(CandidConverters.Blob);
    private static readonly NullableConverter<ulong> OptNat64 = new(CandidConverters.Nat64);
    private readonly RecordType _type = CandidType.Record(
        new CandidField("from", CandidType.Principal), new CandidField("to", CandidType.Principal),
        new CandidField("amount", CandidType.Nat), new CandidField("fee", CandidType.Opt(CandidType.Nat)),
        new CandidField("memo", CandidType.Opt(CandidType.Blob)), new CandidField("created_at_time", CandidType.Opt(CandidType.Nat64)));

    public override CandidType CandidType => _type;

    public override Transfer Read(ref CandidReader reader, CandidWireType wire)
    {
        Principal from = null!, to = null!;
        Nat amount = default;
        Nat? fee = null;
        byte[]? memo = null;
        ulong? created = null;
        var fields = CandidRecordReader.Begin(ref reader, wire, Shape);
        while (fields.Next(ref reader, out int f, out var fw))
        {
            switch (f)
            {
                case 0: from = CandidConverters.Principal.Read(ref reader, fw); break;
                case 1: to = CandidConverters.Principal.Read(ref reader, fw); break;
                case 2: amount = CandidConverters.Nat.Read(ref reader, fw); break;
                case 3: fee = OptNat.Read(ref reader, fw); break;
                case 4: memo = OptBlob.Read(ref reader, fw); break;
                default: created = OptNat64.Read(ref reader, fw); break;
            }
        }
        fields.End(ref reader);
        return new Transfer(from, to, amount, fee, memo, created);
    }

    public override void Write(CandidWriter writer, Transfer value)
    {
        foreach (int f in Shape.WriteOrder)
        {
            switch (f)
            {
                case 0: CandidConverters.Principal.Write(writer, value.From); break;
                case 1: CandidConverters.Principal.Write(writer, value.To); break;
                case 2: CandidConverters.Nat.Write(writer, value.Amount); break;
                case 3: OptNat.Write(writer, value.Fee); break;
                case 4: OptBlob.Write(writer, value.Memo); break;
                default: OptNat64.Write(writer, value.CreatedAtTime); break;
            }
        }
    }
}
