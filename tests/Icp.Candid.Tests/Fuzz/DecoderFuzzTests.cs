using System.Numerics;
using System.Text;
using Icp.Candid.Tests.Properties;

namespace Icp.Candid.Tests.Fuzz;

/// <summary>
/// Hostile input for the decoder: mutations of valid messages, random bytes, and the classic attacks.
/// Every path (untyped, typed at the original types, the typed serializer) may only throw
/// <see cref="CandidDecodeException"/>, with an offset inside the message, and each case allocates a
/// bounded amount. Seeds are fixed: a failure names its seed and the message in hex.
/// </summary>
public class DecoderFuzzTests
{
    private const long MaxAllocationPerCase = 16L << 20;

    // The bulk runs with a small budget so that the occasional length blow-up costs little time; the
    // classic attacks below run with the default options.
    private static readonly CandidDecoderOptions Small = new() { BaseQuota = 50_000 };

    public sealed class Account
    {
        [CandidName("owner")] public Principal Owner { get; set; } = Principal.Anonymous;
        [CandidName("subaccount")] public byte[]? Subaccount { get; set; }
    }

    [CandidVariant]
    public abstract record Result
    {
        [CandidName("ok")] public sealed record Ok(Nat Value) : Result;
        [CandidName("err")] public sealed record Err(string Value) : Result;
    }

    private static readonly CandidSerializerOptions Serializer = CandidSerializerOptions.Default;

    /// <summary>Decodes every way; returns a failure description, or null when only decode errors (or nothing) came out.</summary>
    private static string? Check(byte[] message, IReadOnlyList<CandidType>? types, CandidDecoderOptions options) => Check(message, types, options, out _);

    private static string? Check(byte[] message, IReadOnlyList<CandidType>? types, CandidDecoderOptions options, out bool untypedDecoded)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var failures = new StringBuilder();
        void Try(string what, Action decode)
        {
            try
            {
                decode();
            }
            catch (CandidDecodeException e)
            {
                if (e.Offset < 0 || e.Offset > message.Length)
                    failures.Append(CultureInfo($"{what}: offset {e.Offset} outside the message of {message.Length} bytes ({e.Message})\n"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Append(CultureInfo($"{what}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}\n"));
            }
        }

        bool decoded = false;
        Try("untyped", () => { CandidDecoder.Decode(message, options); decoded = true; });
        untypedDecoded = decoded;
        Try("types", () => CandidDecoder.DecodeTypes(message, options));
        if (types is not null) Try("typed", () => CandidDecoder.Decode(message, types, options));
        Try("ulong", () => CandidSerializer.Deserialize(message, Serializer.GetConverter<ulong>(), options));
        Try("string", () => CandidSerializer.Deserialize(message, Serializer.GetConverter<string>(), options));
        Try("List<byte[]?>", () => CandidSerializer.Deserialize(message, Serializer.GetConverter<List<byte[]?>>(), options));
        Try("Account", () => CandidSerializer.Deserialize(message, Serializer.GetConverter<Account>(), options));
        Try("Result[]", () => CandidSerializer.Deserialize(message, Serializer.GetConverter<Result[]>(), options));
        Try("CandidValue", () => CandidSerializer.Deserialize(message, Serializer.GetConverter<CandidValue>(), options));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > MaxAllocationPerCase) failures.Append(CultureInfo($"allocated {allocated:N0} bytes\n"));
        return failures.Length == 0 ? null : failures.ToString();
    }

    private static string CultureInfo(FormattableString s) => FormattableString.Invariant(s);

    private static void AssertOnlyDecodeErrors(byte[] message, IReadOnlyList<CandidType>? types, CandidDecoderOptions options, string context)
    {
        var failure = Check(message, types, options);
        if (failure is not null)
            Assert.Fail($"{context}\nmessage: {Hex(message)}\n{failure}");
    }

    private static string Hex(byte[] b) => b.Length <= 4096 ? Convert.ToHexStringLower(b) : Convert.ToHexStringLower(b.AsSpan(0, 4096)) + $"... ({b.Length} bytes)";

    // ------------------------------------------------------------------ mutations of valid messages

    private static byte[] Leb(BigInteger v)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            bytes.Add(v.IsZero ? b : (byte)(b | 0x80));
        }
        while (!v.IsZero);
        return [.. bytes];
    }

    private static readonly byte[][] BigLengths =
    [
        Leb(int.MaxValue), Leb(uint.MaxValue), Leb(ulong.MaxValue), Leb(BigInteger.One << 70), Leb(1 << 20), Leb(10_001),
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
    ];

    // Type codes worth planting: constructors, primitives, future (unknown) opcodes, out-of-range indices.
    private static readonly byte[] TypeCodes = [0x6e, 0x6d, 0x6c, 0x6b, 0x6a, 0x69, 0x68, 0x7f, 0x70, 0x71, 0x7d, 0x7c, 0x6f, 0x67, 0x60, 0x41, 0x00, 0x01, 0x02, 0x03, 0x3f];

    private static byte[] Mutate(Random r, byte[] m, byte[] other)
    {
        var list = new List<byte>(m);
        int Pos(int extra = 0) => r.Next(4, Math.Max(5, list.Count + extra));
        switch (r.Next(9))
        {
            case 0: // bit flips
                for (int k = 1 + r.Next(3); k > 0 && list.Count > 4; k--)
                {
                    int p = Pos() % list.Count;
                    list[p] ^= (byte)(1 << r.Next(8));
                }

                break;
            case 1: // insertions
                for (int k = 1 + r.Next(3); k > 0; k--) list.Insert(Math.Min(Pos(1), list.Count), (byte)r.Next(256));
                break;
            case 2: // deletions
                for (int k = 1 + r.Next(3); k > 0 && list.Count > 4; k--) list.RemoveAt(Pos() % list.Count);
                break;
            case 3: // truncation
            {
                int keep = r.Next(list.Count);
                list.RemoveRange(keep, list.Count - keep);
            }

                break;
            case 4: // a LEB128 length blown up: replace a byte with a huge number
            {
                int p = Pos() % list.Count;
                list.RemoveAt(p);
                list.InsertRange(p, BigLengths[r.Next(BigLengths.Length)]);
                break;
            }
            case 5: // type-table corruption: a type code or index planted in the header
            {
                int headerish = Math.Min(list.Count, 4 + Math.Max(2, list.Count / 3));
                int p = r.Next(4, Math.Max(5, headerish)) % list.Count;
                list[p] = TypeCodes[r.Next(TypeCodes.Length)];
                break;
            }
            case 6: // the table length or argument count changed
            {
                if (list.Count > 4) list[4] = (byte)r.Next(0, 6);
                break;
            }
            case 7: // splice: the head of one message, the tail of another
                list = [.. m.AsSpan(0, r.Next(m.Length + 1)), .. other.AsSpan(r.Next(other.Length + 1))];
                break;
            default: // a random run of bytes overwritten
            {
                int p = Pos() % list.Count;
                for (int k = r.Next(1, 8); k > 0 && p < list.Count; k--, p++) list[p] = (byte)r.Next(256);
                break;
            }
        }

        return [.. list];
    }

    [Fact]
    public void Mutated_messages_fail_only_with_decode_errors()
    {
        const int Sources = 2_000, MutationsPerSource = 20; // 40,000 cases
        var r = new Random(20_240_601);
        byte[] previous = [.. "DIDL\0\0"u8];
        int stillValid = 0;
        for (int s = 0; s < Sources; s++)
        {
            var g = new RandomCandid(5_000_000 + s);
            var types = Enumerable.Range(0, 1 + g.Rng.Next(3)).Select(_ => g.Type()).ToArray();
            var values = types.Select(t => g.Value(t)).ToArray();
            var valid = CandidEncoder.Encode(types, values);
            for (int k = 0; k < MutationsPerSource; k++)
            {
                var mutated = Mutate(r, valid, previous);
                // One in ten with the default options, whose budget is 80 times larger.
                var failure = Check(mutated, types, k % 10 == 0 ? CandidDecoderOptions.Default : Small, out bool ok);
                if (failure is not null)
                    Assert.Fail($"mutation {k} of {g.Describe(types, values)}\nmessage: {Hex(mutated)}\n{failure}");
                if (ok) stillValid++;
            }

            previous = valid;
        }

        // The mutations are neither all fatal at once nor all harmless: both outcomes are exercised.
        Assert.InRange(stillValid, Sources * MutationsPerSource / 20, Sources * MutationsPerSource * 19 / 20);
    }

    [Fact]
    public void Random_bytes_after_the_magic_fail_only_with_decode_errors()
    {
        var r = new Random(7_777);
        var types = new CandidType[] { CandidType.Nat, CandidType.Opt(CandidType.Text), CandidType.Vec(CandidType.Reserved) };
        for (int i = 0; i < 10_000; i++)
        {
            var body = new byte[r.Next(0, 48)];
            r.NextBytes(body);
            // Small counts make it past the header more often.
            if (body.Length > 0 && r.Next(2) == 0) body[0] = (byte)r.Next(4);
            if (body.Length > 1 && r.Next(2) == 0) body[1] = TypeCodes[r.Next(TypeCodes.Length)];
            byte[] message = [.. "DIDL"u8, .. body];
            AssertOnlyDecodeErrors(message, types, Small, $"random case {i}");
        }
    }

    // ------------------------------------------------------------------ the classic attacks, default options

    private static byte[] Msg(params object[] parts)
    {
        var list = new List<byte>("DIDL"u8.ToArray());
        foreach (var p in parts)
        {
            switch (p)
            {
                case byte[] b: list.AddRange(b); break;
                case string hex: list.AddRange(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))); break;
                case int n: list.AddRange(Leb(n)); break;
                case uint n: list.AddRange(Leb(n)); break;
                case long n: list.AddRange(Leb(n)); break;
                default: throw new ArgumentException($"part {p}");
            }
        }

        return [.. list];
    }

    /// <summary>The message must fail with a decode error naming an offset inside it, every way, within the allocation bound.</summary>
    private static CandidDecodeException AssertHostile(byte[] message, IReadOnlyList<CandidType>? types = null)
    {
        AssertOnlyDecodeErrors(message, types, CandidDecoderOptions.Default, "hostile message");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsAny<CandidDecodeException>(() => CandidDecoder.Decode(message));
        Assert.InRange(e.Offset, 0, message.Length);
        Assert.Contains($"(at byte {e.Offset})", e.Message, StringComparison.Ordinal);
        if (types is not null)
        {
            var typed = Assert.ThrowsAny<CandidDecodeException>(() => CandidDecoder.Decode(message, types));
            Assert.InRange(typed.Offset, 0, message.Length);
        }

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, MaxAllocationPerCase);
        return e;
    }

    [Theory]
    [InlineData("4449444c010000")] // a table entry of opcode 0: a type index where a constructor belongs
    [InlineData("4449444c013f2a")] // opcode 63
    [InlineData("4449444c017d00")] // a primitive (nat) as a table entry
    public void Type_index_in_place_of_a_table_entry_is_a_decode_error(string hex)
    {
        // Found by the mutation fuzzer: DecodeTypes and the serializer threw ArgumentOutOfRangeException
        // ("not a Candid kind") while building the error message for entries with a non-negative opcode.
        var message = Convert.FromHexString(hex);
        Assert.InRange(Assert.Throws<CandidDecodeException>(() => CandidDecoder.DecodeTypes(message)).Offset, 4, 5);
        Assert.InRange(Assert.Throws<CandidDecodeException>(() => CandidDecoder.Decode(message)).Offset, 4, 5);
        Assert.InRange(Assert.Throws<CandidDecodeException>(() => CandidSerializer.Deserialize<ulong>(message)).Offset, 4, 5);
        AssertHostile(message, [CandidType.Nat]);
    }

    [Theory]
    [InlineData("7f")] // vec null
    [InlineData("70")] // vec reserved
    [InlineData("01")] // vec (record {}) via entry 1
    public void Huge_vector_of_zero_sized_values(string element)
    {
        var table = element == "01" ? "02 6d 01 6c 00" : $"01 6d {element}";
        CandidType elementType = element switch { "7f" => CandidType.Null, "70" => CandidType.Reserved, _ => CandidType.Record() };
        AssertHostile(Msg(table, "01 00", int.MaxValue), [CandidType.Vec(elementType)]);
        AssertHostile(Msg(table, "01 00", uint.MaxValue), [CandidType.Vec(elementType)]);
        // Skipped as an extra argument, and inside an opt that the expected type lacks: the same budget applies.
        AssertHostile(Msg(table, "01 00", int.MaxValue), []);
        AssertHostile(Msg(table, "02 00 7d", int.MaxValue, "00"), [CandidType.Opt(CandidType.Text), CandidType.Nat]);
    }

    [Fact]
    public void Deeply_nested_opt_in_the_type_table()
    {
        // 10^5 entries, each opt of the next: beyond the table limit.
        const int N = 100_000;
        var table = new List<byte>(Leb(N));
        for (int i = 0; i < N - 1; i++) table.AddRange([0x6e, .. Leb(i + 1)]);
        table.AddRange([0x6e, 0x7f]);
        var message = Msg(table.ToArray(), "01 00", "00");
        var e = AssertHostile(message);
        Assert.True(e.Offset < 16, $"fails at the table length, not at {e.Offset}");

        // Within the table limit (10^4 entries) the nesting is the problem: opt opt ... null, 10^4 levels deep.
        const int M = 9_999;
        table = new List<byte>(Leb(M));
        for (int i = 0; i < M - 1; i++) table.AddRange([0x6e, .. Leb(i + 1)]);
        table.AddRange([0x6e, 0x7f]);
        AssertHostile(Msg(table.ToArray(), "01 00", Enumerable.Repeat((byte)1, M).ToArray()), [CandidType.Opt(CandidType.Reserved)]);
    }

    [Fact]
    public void Deeply_nested_records_in_the_type_table()
    {
        const int M = 9_999;
        var table = new List<byte>(Leb(M));
        for (int i = 0; i < M - 1; i++) table.AddRange([0x6c, 0x01, 0x00, .. Leb(i + 1)]);
        table.AddRange([0x6c, 0x00]);
        AssertHostile(Msg(table.ToArray(), "01 00"), [CandidType.Record()]);
    }

    [Fact]
    public void Deeply_nested_values_of_a_recursive_type()
    {
        // type T = opt T, and a value 10^5 levels deep: opt opt opt ... null.
        AssertHostile(Msg("01 6e 00", "01 00", Enumerable.Repeat((byte)1, 100_000).ToArray(), "00"));
        // type T = vec T, each level one element.
        AssertHostile(Msg("01 6d 00", "01 00", Enumerable.Repeat((byte)1, 100_000).ToArray(), "00"));
        // type T = variant { a : T; b }, 10^5 levels of a.
        AssertHostile(Msg("01 6b 02 00 00 01 7f", "01 00", Enumerable.Repeat((byte)0, 100_000).ToArray(), "01"));
        // At our own recursive type too.
        var t = CandidType.Reference("T");
        t.Bind(CandidType.Opt(t));
        AssertHostile(Msg("01 6e 00", "01 00", Enumerable.Repeat((byte)1, 100_000).ToArray(), "00"), [t]);
    }

    [Fact]
    public void Type_table_of_a_million_entries()
    {
        var entries = new byte[2_000_000];
        for (int i = 0; i < entries.Length; i += 2) (entries[i], entries[i + 1]) = ((byte)0x6e, (byte)0x7f);
        var e = AssertHostile(Msg(1_000_000, entries, "01 00 00"));
        Assert.True(e.Offset < 16, $"fails at the table length, not at {e.Offset}");
        // The count alone, with no entries behind it.
        AssertHostile(Msg(1_000_000));
    }

    [Fact]
    public void A_million_null_arguments_cost_memory_in_proportion_to_the_input()
    {
        // Valid: 10^6 arguments of type null, one byte each. Decoding may take memory linear in the input, no more.
        var message = Msg("00", 1_000_000, Enumerable.Repeat((byte)0x7f, 1_000_000).ToArray());
        long before = GC.GetAllocatedBytesForCurrentThread();
        var values = CandidDecoder.Decode(message);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1_000_000, values.Count);
        Assert.All(values, v => Assert.Equal(CandidValue.Null, v));
        Assert.InRange(allocated, 0, 32L * message.Length);
        // Read as one argument, the rest are skipped.
        Assert.Equal([CandidValue.Null], CandidDecoder.Decode(message, [CandidType.Null]));
        // With a value behind them that is missing, decoding fails at the end.
        byte[] truncated = [.. message[..^1], 0x7d];
        var e = Assert.Throws<CandidDecodeException>(() => CandidDecoder.Decode(truncated));
        Assert.Equal(truncated.Length, e.Offset);
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(3_900_000)]
    public void Vector_of_null_within_the_budget_allocates_boundedly(int length)
    {
        // Valid and within the default budget (4,000,000 units plus 4 per byte), 11 bytes long.
        var message = Msg("01 6d 7f", "01 00", length);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var values = CandidDecoder.Decode(message);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(length, ((CandidVecValue)values[0]).Elements.Count);
        Assert.InRange(allocated, 0, MaxAllocationPerCase);
    }

    [Fact]
    public void Huge_leb128_numbers()
    {
        var zeros = Enumerable.Repeat((byte)0x80, 1_000_000).ToArray();
        // As a nat, an int value.
        AssertHostile(Msg("00 01 7d", zeros, "00"), [CandidType.Nat]);
        AssertHostile(Msg("00 01 7c", zeros, "00"), [CandidType.Int]);
        // As the table length, an argument count, a type index, a field id, a vector length, a text length.
        AssertHostile(Msg(zeros, "00"));
        AssertHostile(Msg("00", zeros, "00"));
        AssertHostile(Msg("01 6e", zeros, "00 01 00 00"));
        AssertHostile(Msg("01 6c 01", zeros, "00 7d 01 00 00"));
        AssertHostile(Msg("01 6d 7f 01 00", zeros, "00"), [CandidType.Vec(CandidType.Null)]);
        AssertHostile(Msg("00 01 71", zeros, "00"), [CandidType.Text]);
        // Skipped at an opt the expected type lacks, where the Rust crate once spent its time.
        AssertHostile(Msg("00 02 7d 7d 00", zeros, "00"), [CandidType.Nat8]);
    }

    [Fact]
    public void Recursive_empty_record()
    {
        // type E = record { E }: a value of it has no bytes and no end.
        var e = Msg("01 6c 01 00 00", "01 00");
        AssertHostile(e);
        var self = CandidType.Reference("E");
        self.Bind(CandidType.Tuple(self));
        AssertHostile(e, [self]);
        // vec E with 2^31-1 elements.
        AssertHostile(Msg("02 6c 01 00 00 6d 00", "01 01", int.MaxValue));
        // Inside an opt the expected type skips.
        AssertHostile(Msg("02 6c 01 00 00 6e 00", "01 01 01"), [CandidType.Opt(CandidType.Nat)]);
    }

    [Fact]
    public void Mutually_recursive_type_table_loops()
    {
        // A = record { B }, B = record { A }: no bytes, no end.
        AssertHostile(Msg("02 6c 01 00 01 6c 01 00 00", "01 00"));
        // A = opt B, B = opt A: every level takes one byte, and the message runs out.
        AssertHostile(Msg("02 6e 01 6e 00", "01 00", Enumerable.Repeat((byte)1, 50_000).ToArray()));
        // A = variant { a : B }, B = record { 0 : A; 1 : A }: a doubling tree of empty values.
        AssertHostile(Msg("02 6b 01 00 01 6c 02 00 00 01 00", "01 00", "00"));
        // A loop of 3 through vec, at an expected recursive type.
        var t = CandidType.Reference("T");
        t.Bind(CandidType.Vec(t));
        AssertHostile(Msg("03 6d 01 6d 02 6d 00", "01 00", Enumerable.Repeat((byte)1, 60_000).ToArray()), [t]);
        // Index loops that never reach a constructor are impossible on the wire, but an index past the table is not.
        AssertHostile(Msg("02 6e 01 6e 02", "01 00", "00"));
        AssertHostile(Msg("01 6e 00", "01 01"));
    }
}
