namespace Icp.Candid.Tests.Binary;

public class SerializerTests
{
    public sealed class Account
    {
        [CandidName("owner")] public Principal Owner { get; set; } = Principal.Anonymous;
        [CandidName("subaccount")] public byte[]? Subaccount { get; set; }
    }

    public sealed record TransferArg(
        [property: CandidName("to")] Account To,
        [property: CandidName("amount")] Nat Amount,
        [property: CandidName("fee")] Nat? Fee,
        [property: CandidName("memo")] byte[]? Memo,
        [property: CandidName("created_at_time")] ulong? CreatedAtTime);

    [CandidVariant]
    public abstract record TransferResult
    {
        [CandidName("Ok")] public sealed record Ok(Nat Value) : TransferResult;
        [CandidName("Err")] public sealed record Err(TransferError Value) : TransferResult;
    }

    [CandidVariant]
    public abstract record TransferError
    {
        [CandidName("BadFee")] public sealed record BadFee([property: CandidName("expected_fee")] Nat ExpectedFee) : TransferError;
        [CandidName("TemporarilyUnavailable")] public sealed record TemporarilyUnavailable : TransferError;
    }

    [Fact]
    public void Record_round_trips_through_reflection()
    {
        var arg = new TransferArg(new Account { Owner = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai") }, 1_000_000UL, null, [1, 2], 1_700_000_000UL);
        var bytes = CandidSerializer.Serialize(arg);
        var back = CandidSerializer.Deserialize<TransferArg>(bytes);
        Assert.Equal(arg.To.Owner, back.To.Owner);
        Assert.Equal(arg.Amount, back.Amount);
        Assert.Null(back.Fee);
        Assert.Equal(arg.Memo, back.Memo);
        Assert.Equal(arg.CreatedAtTime, back.CreatedAtTime);
        // The untyped decoder sees the field names' hashes and the same values.
        var v = (CandidRecordValue)CandidDecoder.Decode(bytes)[0];
        Assert.Equal(CandidValue.Nat(1_000_000), v["amount"]);
    }

    [Fact]
    public void Variant_round_trips_through_reflection()
    {
        TransferResult ok = new TransferResult.Ok(5UL);
        Assert.Equal(ok, CandidSerializer.Deserialize<TransferResult>(CandidSerializer.Serialize(ok)));
        TransferResult err = new TransferResult.Err(new TransferError.BadFee(10_000UL));
        Assert.Equal(err, CandidSerializer.Deserialize<TransferResult>(CandidSerializer.Serialize(err)));
        TransferResult unit = new TransferResult.Err(new TransferError.TemporarilyUnavailable());
        Assert.Equal(unit, CandidSerializer.Deserialize<TransferResult>(CandidSerializer.Serialize(unit)));
    }

    [Fact]
    public void Wrong_type_gives_a_clear_error()
    {
        var bytes = CandidSerializer.Serialize("hello");
        var ex = Assert.Throws<CandidTypeMismatchException>(() => CandidSerializer.Deserialize<Nat>(bytes));
        Assert.Contains("expected nat", ex.Message);
        Assert.Contains("text", ex.Message);
    }

    [Fact]
    public void Missing_required_field_is_a_mismatch_and_optional_field_defaults()
    {
        var bytes = CandidEncoder.Encode([CandidType.Record(new CandidField("owner", CandidType.Principal))],
            [CandidValue.Record(new CandidFieldValue("owner", CandidValue.Principal(Principal.Anonymous)))]);
        var account = CandidSerializer.Deserialize<Account>(bytes);
        Assert.Null(account.Subaccount);
        Assert.True(account.Owner.IsAnonymous);
        var ex = Assert.Throws<CandidTypeMismatchException>(() => CandidSerializer.Deserialize<TransferArg>(bytes));
        Assert.Contains("no field", ex.Message);
    }
}

public class OptionTests
{
    public sealed record Holder(CandidOption<ulong?> Nested);

    [Fact]
    public void Opt_opt_keeps_all_three_states()
    {
        foreach (var (value, text) in new (CandidOption<ulong?>, string)[]
                 { (CandidOption<ulong?>.None, "null"), (new CandidOption<ulong?>(null), "opt null"), (new CandidOption<ulong?>(7UL), "opt opt (7 : nat64)") })
        {
            var bytes = CandidSerializer.Serialize(new Holder(value));
            Assert.Equal(value, CandidSerializer.Deserialize<Holder>(bytes).Nested);
            var decoded = (CandidRecordValue)CandidDecoder.Decode(bytes)[0];
            Assert.Equal(text, CandidValuePrinter.Print(decoded["Nested"]!, CandidType.Opt(CandidType.Opt(CandidType.Nat64))));
        }
    }
}

public class BlobMemoryTests
{
    [Fact]
    public void Blob_from_memory_is_a_slice_of_the_message()
    {
        var payload = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        byte[] message = CandidSerializer.Serialize(payload);
        var slice = CandidSerializer.Deserialize<ReadOnlyMemory<byte>>((ReadOnlyMemory<byte>)message, CandidConverters.BlobMemory);
        Assert.True(slice.Span.SequenceEqual(payload));
        // It shares the message's memory: changing the message shows through.
        message[^1] ^= 0xff;
        Assert.Equal((byte)(payload[^1] ^ 0xff), slice.Span[^1]);
        // From a span it is a copy.
        var copy = CandidSerializer.Deserialize(message.AsSpan(), CandidConverters.BlobMemory);
        message[^1] ^= 0xff;
        Assert.NotEqual(message[^1], copy.Span[^1]);
    }
}

public class BufferWriterTests
{
    [Fact]
    public void Serializing_into_a_buffer_writer_gives_the_same_bytes()
    {
        var values = Enumerable.Range(0, 3000).Select(i => (ulong)i * 1_000_003).ToArray();
        var converter = new ArrayConverter<ulong>(CandidConverters.Nat64);
        var expected = CandidSerializer.Serialize(values, converter);
        var destination = new System.Buffers.ArrayBufferWriter<byte>(16);
        CandidSerializer.Serialize(destination, values, converter);
        Assert.Equal(expected, destination.WrittenSpan.ToArray());
        Assert.Equal(values, CandidSerializer.Deserialize(destination.WrittenSpan, converter));
    }
}

public class ResolverConcurrencyTests
{
    public sealed record Node(Nat Value, Node? Next, Tree[] Children);

    public sealed record Tree(string Label, Node? Root);

    [Fact]
    public async Task Threads_never_see_a_half_built_converter()
    {
        for (int round = 0; round < 20; round++)
        {
            var options = new CandidSerializerOptions();
            var value = new Node(1UL, new Node(2UL, null, []), [new Tree("t", new Node(3UL, null, []))]);
            using var start = new ManualResetEventSlim();
            var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                start.Wait();
                var bytes = CandidSerializer.Serialize(value, options);
                var back = CandidSerializer.Deserialize<Node>(bytes, options);
                Assert.Equal(3UL, (ulong)back.Children[0].Root!.Value);
            })).ToArray();
            start.Set();
            await Task.WhenAll(tasks);
        }
    }
}
