using Icp.Replica.Execution;
using Icp.Replica.Wasm;
using Wasmtime;

namespace Icp.Replica.Tests;

/// <summary>
/// The write barrier compiled into modules (<see cref="WriteBarrier"/>), on hand-written modules run on the replica's
/// engine: each kind of store marks exactly the pages it writes (both, when it straddles a boundary), bulk memory
/// operations mark their destination range, memory64 works, the module computes exactly what it computes without the
/// barrier, fuel less the barrier's own equals the fuel used without it, and malformed code fails with a clear error.
/// </summary>
public sealed class WriteBarrierTests
{
    private const int Page = 4096;

    /// <summary>One run of <paramref name="export"/> with and without the barrier: main memory, map, fuel.</summary>
    private sealed record Outcome(byte[] Memory, byte[] PlainMemory, byte[] Map, long Fuel, long BarrierFuel, long PlainFuel);

    private static Outcome Run(string wat, string export, params ValueBox[] args)
    {
        byte[] plain = WasmBinary.Parse(Module.ConvertText(wat)).WithGlobalsExported();
        var layout = WriteBarrier.Instrument(plain);
        Assert.NotNull(layout);
        var (memory, map, fuel, barrierFuel) = Invoke(layout.Bytes, export, args, instrumented: true);
        var (plainMemory, _, plainFuel, _) = Invoke(plain, export, args, instrumented: false);
        return new Outcome(memory, plainMemory, map!, fuel, barrierFuel, plainFuel);
    }

    private static (byte[] Memory, byte[]? Map, long Fuel, long BarrierFuel) Invoke(byte[] wasm, string export, ValueBox[] args, bool instrumented)
    {
        var engine = ModuleCache.Engine;
        using var module = Module.FromBytes(engine, "test", wasm);
        using var store = new Store(engine);
        using var linker = new Linker(engine);
        const ulong Given = 10_000_000;
        store.Fuel = Given;
        var instance = linker.Instantiate(store, module);
        if (instrumented) instance.GetGlobal(WriteBarrier.BudgetExport)!.SetValue(long.MaxValue); // no refuelling here
        ulong before = store.Fuel;
        instance.GetFunction(export)!.Invoke(args);
        long fuel = (long)(before - store.Fuel);
        var memory = instance.GetMemory(WasmBinary.MemoryExport)!;
        byte[] bytes = memory.GetSpan(0, (int)memory.GetLength()).ToArray();
        if (!instrumented) return (bytes, null, fuel, 0);
        var map = instance.GetMemory(WriteBarrier.MapExport)!;
        long barrierFuel = (long)instance.GetGlobal(WriteBarrier.FuelExport)!.GetValue()!;
        return (bytes, map.GetSpan(0, 64).ToArray(), fuel, barrierFuel);
    }

    private static int[] Marked(byte[] map) => Enumerable.Range(0, map.Length).Where(i => map[i] != 0).ToArray();

    private static void AssertSameAsPlain(Outcome outcome)
    {
        Assert.True(outcome.Memory.AsSpan().SequenceEqual(outcome.PlainMemory), "the instrumented module computed something else");
        Assert.True(outcome.BarrierFuel > 0, "no barrier ran");
        Assert.Equal(outcome.PlainFuel, outcome.Fuel - outcome.BarrierFuel);
    }

    [Theory]
    [InlineData("i32.store", "i32.const 0x11223344")]
    [InlineData("i64.store", "i64.const 0x1122334455667788")]
    [InlineData("f32.store", "f32.const 1.5")]
    [InlineData("f64.store", "f64.const 2.5")]
    [InlineData("i32.store8", "i32.const 0x7f")]
    [InlineData("i32.store16", "i32.const 0x7fff")]
    [InlineData("i64.store8", "i64.const 0x7f")]
    [InlineData("i64.store16", "i64.const 0x7fff")]
    [InlineData("i64.store32", "i64.const 0x7fffffff")]
    [InlineData("v128.store", "v128.const i64x2 1 2")]
    [InlineData("v128.store8_lane 3", "v128.const i64x2 -1 -1")]
    [InlineData("v128.store16_lane 1", "v128.const i64x2 -1 -1")]
    [InlineData("v128.store32_lane 2", "v128.const i64x2 -1 -1")]
    [InlineData("v128.store64_lane 1", "v128.const i64x2 -1 -1")]
    public void Every_store_kind_marks_its_page_and_the_next_and_nothing_else(string store, string value)
    {
        // Two stores: one inside page 2, one at a nonzero offset that lands in page 5.
        string wat = $$"""
            (module (memory 1 8)
              (func (export "f") (param $a i32)
                ({{store}} (local.get $a) ({{value}}))
                ({{store.Split(' ')[0]}} offset=12288 {{(store.Contains("lane") ? store.Split(' ')[1] : "")}} (i32.const 8200) ({{value}}))))
            """;
        var outcome = Run(wat, "f", 2 * Page + 100);
        Assert.Equal([2, 3, 5, 6], Marked(outcome.Map));
        AssertSameAsPlain(outcome);
    }

    [Fact]
    public void A_store_straddling_two_pages_marks_both_and_writes_both()
    {
        const string Wat = """
            (module (memory 1 8)
              (func (export "f") (param $a i32) (i64.store (local.get $a) (i64.const -1))))
            """;
        var outcome = Run(Wat, "f", 3 * Page - 4);
        Assert.Equal([2, 3], Marked(outcome.Map));
        Assert.Equal(0xFF, outcome.Memory[3 * Page + 3]);
        AssertSameAsPlain(outcome);
    }

    [Fact]
    public void A_store_to_a_64_bit_memory_marks_its_page_beyond_4_GiB_offsets_included()
    {
        const string Wat = """
            (module (memory i64 2 8)
              (func (export "f") (param $a i64)
                (i32.store (local.get $a) (i32.const 1))
                (i64.store offset=65536 (i64.const 4) (i64.const 2))
                (memory.fill (i64.const 40000) (i32.const 9) (i64.const 10000))))
            """;
        var outcome = Run(Wat, "f", 7L * Page + 8);
        // 7 (and 8); 65540 → page 16 (and 17); the fill [40000, 50000) → pages 9..12 (and at most one more).
        Assert.Equal([7, 8, 9, 10, 11, 12, 16, 17], Marked(outcome.Map));
        AssertSameAsPlain(outcome);
    }

    [Fact]
    public void Bulk_memory_operations_mark_their_destination_range()
    {
        const string Wat = """
            (module (memory 1 8)
              (data $d "0123456789")
              (func (export "fill") (memory.fill (i32.const 5000) (i32.const 7) (i32.const 10000)))
              (func (export "copy") (memory.copy (i32.const 20480) (i32.const 0) (i32.const 4096)))
              (func (export "init") (memory.init $d (i32.const 40950) (i32.const 0) (i32.const 10)))
              (func (export "empty") (memory.fill (i32.const 12288) (i32.const 7) (i32.const 0))))
            """;
        var fill = Run(Wat, "fill"); // [5000, 15000): pages 1..3
        Assert.Equal([1, 2, 3, 4], Marked(fill.Map));
        AssertSameAsPlain(fill);
        var copy = Run(Wat, "copy"); // [20480, 24576): page 5
        Assert.Equal([5, 6, 7], Marked(copy.Map));
        AssertSameAsPlain(copy);
        var init = Run(Wat, "init"); // [40950, 40960): page 9
        Assert.Equal([9, 10], Marked(init.Map));
        AssertSameAsPlain(init);
        var empty = Run(Wat, "empty");
        Assert.All(Marked(empty.Map), page => Assert.InRange(page, 3, 4)); // over-marking only
        AssertSameAsPlain(empty);
    }

    [Fact]
    public void Code_using_control_flow_calls_tables_and_simd_runs_as_before_with_exact_fuel()
    {
        // A loop with blocks of several result types, br_table, call_indirect, a return_call, select with a type,
        // sign extension, saturating truncation, reference instructions and SIMD shuffles and lanes.
        const string Wat = """
            (module (memory 2) (table 2 funcref) (elem (i32.const 0) $sq $twice)
              (type $un (func (param i32) (result i32)))
              (func $sq (type $un) (i32.mul (local.get 0) (local.get 0)))
              (func $twice (type $un) (return_call $sq (i32.add (local.get 0) (local.get 0))))
              (func (export "f")
                (local $i i32) (local $v v128)
                (loop $next
                  (block $b (result i32 i32)
                    (local.get $i) (local.get $i)
                    (br_table $b $b (i32.and (local.get $i) (i32.const 1))))
                  drop
                  drop
                  local.get $i
                  (call_indirect (type $un) (local.get $i) (i32.rem_u (local.get $i) (i32.const 2)))
                  i32.store offset=100
                  (local.set $v (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                     (v128.load (i32.const 0)) (i32x4.splat (local.get $i))))
                  (v128.store (i32.mul (local.get $i) (i32.const 4000)) (i32x4.replace_lane 1 (local.get $v) (i32.extend8_s (local.get $i))))
                  (i64.store (i32.const 30000) (i64.trunc_sat_f64_s (f64.const 1e30)))
                  (drop (select (result i32) (i32.const 1) (i32.const 2) (ref.is_null (ref.null func))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $next (i32.lt_u (local.get $i) (i32.const 30))))))
            """;
        var outcome = Run(Wat, "f");
        AssertSameAsPlain(outcome);
        Assert.Contains(7, Marked(outcome.Map)); // 30000 → page 7
    }

    [Fact]
    public void A_module_that_imports_its_memory_or_has_no_code_is_left_alone()
    {
        Assert.Null(WriteBarrier.Instrument(Module.ConvertText("""(module (import "env" "m" (memory 1)) (func (i32.store (i32.const 0) (i32.const 1))))""")));
        Assert.Null(WriteBarrier.Instrument(Module.ConvertText("(module (memory 1))")));
    }

    [Fact]
    public void Malformed_or_unsupported_code_fails_with_what_and_where()
    {
        byte[] valid = Module.ConvertText("(module (memory 1) (func (i32.store (i32.const 0) (i32.const 1))))");
        // Atomics: 0xFE instead of the store's opcode.
        byte[] atomic = (byte[])valid.Clone();
        int store = Array.LastIndexOf(atomic, (byte)0x36);
        atomic[store] = 0xFE;
        var e = Assert.Throws<InvalidDataException>(() => WriteBarrier.Instrument(atomic));
        Assert.Contains("atomic", e.Message);
        Assert.Contains($"offset {store}", e.Message);
        // A body whose last instruction is not `end`.
        byte[] unterminated = (byte[])valid.Clone();
        unterminated[^1] = 0x01; // nop
        Assert.Contains("does not end with 'end'", Assert.Throws<InvalidDataException>(() => WriteBarrier.Instrument(unterminated)).Message);
        // A section size past the end of the module.
        Assert.Contains("run past the end", Assert.Throws<InvalidDataException>(() => WriteBarrier.Instrument(valid[..^2])).Message);
    }

    [Fact]
    public void Corrupted_modules_never_hang_and_fail_only_with_invalid_data()
    {
        byte[] valid = WasmBinary.Parse(Module.ConvertText("""
            (module (memory 1) (data "xyz")
              (func (export "f") (param i32) (local i64 v128)
                (i64.store offset=8 (local.get 0) (i64.const 5))
                (memory.copy (i32.const 1) (i32.const 2) (i32.const 3))
                (v128.store (i32.const 0) (v128.const i32x4 1 2 3 4))
                (block (loop (br_if 1 (local.get 0)) (br 0)))))
            """)).WithGlobalsExported();
        var random = new Random(13);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 5000; i++)
        {
            byte[] corrupt = (byte[])valid.Clone();
            for (int j = random.Next(1, 4); j > 0; j--) corrupt[random.Next(8, corrupt.Length)] = (byte)random.Next(256);
            try
            {
                WriteBarrier.Instrument(corrupt);
            }
            catch (Exception ex) when (ex is InvalidDataException or OverflowException)
            {
            }
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"5000 corrupted modules took {watch.Elapsed}");
    }
}
