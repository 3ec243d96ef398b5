namespace Icp.Candid.Tests.Hostile;

/// <summary>
/// Issue 8 (hostile input), the Candid type-table half: each reproducer and the family around it (other
/// depths, every nesting kind, shared DAG tables) decodes on a 1 MiB stack to a value or a
/// <see cref="CandidDecodeException"/>, with bounded allocation and error messages of bounded length.
/// </summary>
public class HostileTypeTableTests
{
    public static readonly string[] ExpectedTypes =
    [
        "(nat)", "(opt nat)", "(opt text)", "(reserved)", "(record {})", "(vec nat)", "(variant { a })",
        "(func (nat) -> ())", "(service {})", "(principal)", "(opt func (nat) -> ())", "(opt service { m : () -> () })",
    ];

    // Every run below: at most this much per input byte, plus a fixed part for the runtime's own bookkeeping.
    private const long AllocationPerInputByte = 2_000;
    private const long AllocationBase = 4L << 20;

    private static long Bound(byte[] message) => AllocationBase + AllocationPerInputByte * message.Length;

    /// <summary>Decodes untyped, at each expected type, and the types alone (printed), all on a small stack.</summary>
    private static void DecodeEveryWay(byte[] message)
    {
        foreach (var types in ExpectedTypes.Select(t => CandidProgram.ParseArgumentTypes(t)).Prepend(null))
        {
            var run = Bounded.Run(() => CandidDecoder.Decode(message, types));
            run.OnlyThrew(typeof(CandidDecodeException)).AllocatedAtMost(Bound(message));
            if (run.Error is CandidDecodeException e)
                Assert.True(e.Message.Length < 1_000, $"{e.Message.Length}-character message at {types?.Count} types: {e.Message[..Math.Min(200, e.Message.Length)]}");
        }
        var printed = Bounded.Run(() =>
        {
            foreach (var t in CandidDecoder.DecodeTypes(message)) Assert.True(t.ToString().Length <= 8 * message.Length + 64);
        });
        printed.OnlyThrew(typeof(CandidDecodeException)).AllocatedAtMost(Bound(message));
    }

    public static TheoryData<Nesting, int, int> Chains()
    {
        var data = new TheoryData<Nesting, int, int>();
        foreach (var kind in Enum.GetValues<Nesting>())
            foreach (int levels in new[] { 1, 100, 1_000, 4_500, 9_999 })
            {
                // A service level is two table entries; the table holds at most 10,000.
                if (kind == Nesting.Service && levels > 4_999) continue;
                data.Add(kind, levels, 1);
                if (kind is Nesting.Record or Nesting.Variant or Nesting.Func && levels <= 4_500) data.Add(kind, levels, 2);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void Deep_and_shared_type_tables_decode_or_fail_cleanly_on_a_small_stack(Nesting kind, int levels, int fan) =>
        DecodeEveryWay(HostileMessages.Chain(kind, levels, fan));

    [Fact]
    public void The_153_byte_shared_record_table_fails_at_once_with_a_short_message()
    {
        // Before: the message printed the 2^24-leaf tree (6.9 s, 3.8 GB).
        var message = HostileMessages.SharedRecords(24);
        Assert.Equal(153, message.Length);
        var run = Bounded.Run(() => CandidDecoder.Decode(message, [CandidType.Nat]));
        var e = run.AllocatedAtMost(1L << 20).Threw<CandidTypeMismatchException>();
        Assert.Equal("expected nat but the message has record { table1; table1 }", e.Reason);
    }

    [Fact]
    public void Typed_converters_report_the_shared_table_briefly_too()
    {
        // The replica reads canister_status arguments with typed converters: 2.6 s and 3.4 GB before.
        var message = HostileMessages.SharedRecords(24);
        var converter = CandidSerializerOptions.Default.GetConverter<ulong>();
        var run = Bounded.Run(() => CandidSerializer.Deserialize(message, converter));
        Assert.Equal("expected nat64 but the message has record { table1; table1 }", run.AllocatedAtMost(1L << 20).Threw<CandidTypeMismatchException>().Reason);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(1_000)]
    [InlineData(9_999)]
    public void Shared_tables_print_by_reference_with_allocation_linear_in_the_table(int levels)
    {
        var message = HostileMessages.SharedRecords(levels);
        var run = Bounded.Run(() =>
        {
            var type = CandidDecoder.DecodeTypes(message)[0];
            Assert.Equal("record { table1; table1 }", type.ToString());
        });
        run.OnlyThrew().AllocatedAtMost(Bound(message));
    }

    [Fact]
    public void Types_in_error_messages_are_cut_after_a_few_hundred_characters()
    {
        // An opt chain is used once per level, so it prints inline: as deep as the table, but cut.
        var message = HostileMessages.Chain(Nesting.Opt, 5_000, values: [0]);
        var e = Bounded.Run(() => CandidDecoder.Decode(message, [CandidType.Nat])).Threw<CandidTypeMismatchException>();
        Assert.StartsWith("expected nat but the message has opt opt opt", e.Reason, StringComparison.Ordinal);
        Assert.EndsWith("…", e.Reason, StringComparison.Ordinal);
        Assert.InRange(e.Reason.Length, CandidTypePrinter.MessageLength, CandidTypePrinter.MessageLength + 50);
    }

    [Theory]
    [InlineData(Nesting.Opt, "(opt nat)")]
    [InlineData(Nesting.Opt, "(opt text)")]
    [InlineData(Nesting.Record, "(opt nat)")]
    [InlineData(Nesting.Record, "(opt text)")]
    [InlineData(Nesting.Vec, "(opt text)")]
    [InlineData(Nesting.Variant, "(opt nat)")]
    public void Five_thousand_level_chains_at_an_opt_type_fail_on_a_small_stack(Nesting kind, string types)
    {
        // Before: the mismatch message printed the wire type recursively and overflowed the stack.
        var message = HostileMessages.Chain(kind, 5_000);
        var run = Bounded.Run(() => CandidDecoder.Decode(message, CandidProgram.ParseArgumentTypes(types)));
        run.OnlyThrew(typeof(CandidDecodeException)).AllocatedAtMost(Bound(message));
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(4_500)]
    [InlineData(4_999)]
    public void Alternating_service_and_func_tables_check_without_recursion(int levels)
    {
        // Before: a 1.5 MiB stack crashed at 1,000 levels, the tool exited 134 at 4,500.
        var message = HostileMessages.Chain(Nesting.Service, levels);
        var run = Bounded.Run(() =>
        {
            var values = CandidDecoder.Decode(message, [CandidProgram.ParseType("service {}")]);
            Assert.IsType<CandidServiceValue>(values[0]);
        });
        run.OnlyThrew().AllocatedAtMost(Bound(message));
    }

    [Fact]
    public void A_9999_level_func_chain_checks_in_work_linear_in_the_table()
    {
        // Before: 15 s in the tool (the wire type was converted in quadratic time).
        var message = HostileMessages.Chain(Nesting.Func, 9_999);
        // The whole decoding, header included, within a fixed budget of a few units per table entry.
        var options = new CandidDecoderOptions { DecodingQuota = 5 * 10_000 + message.Length };
        var run = Bounded.Run(() => CandidDecoder.Decode(message, [CandidProgram.ParseType("func (nat) -> ()")], options));
        string reason = run.Threw<CandidTypeMismatchException>().Reason;
        Assert.StartsWith("the message's func (func (func (", reason, StringComparison.Ordinal);
        Assert.EndsWith("… is not a subtype of the expected func (nat) -> ()", reason, StringComparison.Ordinal);
        run.AllocatedAtMost(Bound(message));
    }

    [Fact]
    public void Subtype_results_are_remembered_per_pair_across_a_message()
    {
        // vec { opt f; ... } where f = func () -> (func () -> (... -> (nat))) is 2,000 levels deep, read at
        // vec opt E with E = func () -> (E): every element fails at the bottom of the chain. Without the memo
        // each of the 2,000 elements repeats the 2,000-step check (4M steps); with it the check runs once.
        const int depth = 2_000, count = 2_000;
        var entries = new List<byte[]> { new byte[] { 0x6d, 1 }, new byte[] { 0x6e, 2 } };
        for (int i = 0; i < depth; i++) entries.Add([0x6a, 0, 1, .. HostileMessages.Sleb(entries.Count + 1), 0]);
        entries.Add([0x6a, 0, 1, 0x7d, 0]);
        var values = new List<byte>(HostileMessages.Uleb(count));
        for (int i = 0; i < count; i++) values.AddRange(new byte[] { 1, 1, 1, 1, 0, 1, (byte)'m' });
        var message = HostileMessages.Message(entries, [0], values.ToArray());
        var program = CandidProgram.Parse("type E = func () -> (E);");
        var expected = CandidType.Vec(CandidType.Opt(program.FindType("E")!));
        var options = new CandidDecoderOptions { DecodingQuota = 20 * (depth + count) + 2 * message.Length };
        var run = Bounded.Run(() =>
        {
            var vec = (CandidVecValue)CandidDecoder.Decode(message, [expected], options)[0];
            Assert.All(vec.Elements, e => Assert.Equal(CandidValue.None, e));
        });
        run.OnlyThrew();
    }

    [Fact]
    public void The_subtype_check_runs_on_its_own_stack_and_counts_each_pair_once()
    {
        // Two independent 20,000-level chains of records: far deeper than any stack allows recursion.
        CandidType Chain(CandidType leaf)
        {
            CandidType t = leaf;
            for (int i = 0; i < 20_000; i++) t = CandidType.Record(new CandidField(CandidLabel.FromId(0), t), new CandidField(CandidLabel.FromId(1), t));
            return t;
        }
        var a = Chain(CandidType.Nat);
        var b = Chain(CandidType.Int);
        var c = Chain(CandidType.Text);
        var run = Bounded.Run(() =>
        {
            var checker = new CandidSubtypeChecker();
            Assert.True(checker.IsSubtype(a, b));
            // Shared twice per level, yet each pair is examined once (a tree walk would take 2^20,000 steps).
            Assert.InRange(checker.Steps, 20_000, 3 * 20_000 + 10);
            Assert.False(CandidSubtyping.IsSubtype(a, c));
        });
        run.OnlyThrew();
    }

    [Fact]
    public void Zero_sized_costs_and_type_conversion_handle_chains_as_long_as_the_table()
    {
        // record { record { ... record {} } } 9,999 deep: zero-sized, with a finite value of 10,000 nodes.
        var message = HostileMessages.Chain(Nesting.Record, 9_999);
        var run = Bounded.Run(() =>
        {
            var r = new CandidReader(message);
            var wire = CandidTypeTable.ReadHeader(ref r);
            Assert.True(wire[0].IsZeroSized);
            Assert.Equal(10_000, wire[0].ZeroSizedCost);
            Assert.StartsWith("record { record { record {", wire[0].ToString(), StringComparison.Ordinal);
        });
        run.OnlyThrew();
    }

    [Theory]
    [InlineData(Nesting.Opt)]
    [InlineData(Nesting.Record)]
    [InlineData(Nesting.Func)]
    public void Decoded_deep_types_encode_back_to_the_same_table_on_a_small_stack(Nesting kind)
    {
        var message = HostileMessages.Chain(kind, 9_999, values: kind == Nesting.Opt ? [0] : kind == Nesting.Func ? [1, 1, 0, 1, (byte)'m'] : []);
        var run = Bounded.Run(() =>
        {
            var types = CandidDecoder.DecodeTypes(message);
            // Record chains this deep have no value within the depth limit: encode the table alone.
            var values = kind == Nesting.Record ? null : CandidDecoder.Decode(message);
            var builder = new CandidTypeTableBuilder();
            long code = builder.GetCode(types[0]);
            Assert.Equal(0, code);
            Assert.Equal(10_000, builder.Count);
            if (values is not null) Assert.Equal(message, CandidEncoder.Encode(types, values));
        });
        run.OnlyThrew().AllocatedAtMost(Bound(message) * 4);
    }
}
