using System.Buffers.Binary;
using Icp.Replica.Execution;
using Wasmtime;
using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>
/// The in-process fast path: globals of every number type read and restored unboxed (only those that changed, and
/// remembered between queries), typed <c>ic0</c> host functions, calls run on the caller's thread when the replica is
/// idle, and the canister log as a bounded queue.
/// </summary>
public sealed class ExecutionFastPathTests
{
    // Four globals, one of each number type. "set" changes all of them, writes stable memory through ic0 and commits;
    // "set_then_trap" changes them again (and stable memory), then traps through ic0.trap; the query "scribble" changes
    // them and replies with what it read before changing them, so two queries in a row show whether the first one's
    // changes leaked. The f64 starts as a NaN with a payload, which must come back bit for bit.
    private const string Wat = """
        (module
          (import "ic0" "msg_reply" (func $reply))
          (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
          (import "ic0" "stable64_grow" (func $sgrow (param i64) (result i64)))
          (import "ic0" "stable64_write" (func $swrite (param i64 i64 i64)))
          (import "ic0" "trap" (func $trap (param i32 i32)))
          (memory 1)
          (data (i32.const 200) "no")
          (global $a (mut i32) (i32.const 7))
          (global $b (mut i64) (i64.const -5))
          (global $c (mut f32) (f32.const 1.5))
          (global $d (mut f64) (f64.const nan:0x4000000000001))
          (func $report
            (i32.store (i32.const 0) (global.get $a))
            (i64.store (i32.const 4) (global.get $b))
            (f32.store (i32.const 12) (global.get $c))
            (f64.store (i32.const 16) (global.get $d))
            (call $append (i32.const 0) (i32.const 24)))
          (func (export "canister_update set")
            (global.set $a (i32.const 8))
            (global.set $b (i64.const 0x1122334455667788))
            (global.set $c (f32.const -2.25))
            (global.set $d (f64.const 3.5))
            (drop (call $sgrow (i64.const 1)))
            (i32.store (i32.const 100) (i32.const 0x01020304))
            (call $swrite (i64.const 10) (i64.const 100) (i64.const 4))
            (call $report)
            (call $reply))
          (func (export "canister_update set_then_trap")
            (global.set $a (i32.const 99))
            (global.set $b (i64.const 99))
            (global.set $c (f32.const 99))
            (global.set $d (f64.const 99))
            (i32.store (i32.const 100) (i32.const -1))
            (call $swrite (i64.const 10) (i64.const 100) (i64.const 4))
            (drop (call $sgrow (i64.const 2)))
            (call $trap (i32.const 200) (i32.const 2)))
          (func (export "canister_query scribble")
            (call $report)
            (global.set $a (i32.const 1000))
            (global.set $b (i64.const 1000))
            (global.set $c (f32.const 1000))
            (global.set $d (f64.const 1000))
            (i32.store (i32.const 100) (i32.const 1000))
            (call $reply)))
        """;

    private static async Task<(LocalReplica Ic, Principal Id)> InstallAsync()
    {
        var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, Module.ConvertText(Wat), NoArgs);
        return (ic, id);
    }

    private static (int A, long B, float C, long DBits) Decode(byte[] reply) =>
        (BinaryPrimitives.ReadInt32LittleEndian(reply), BinaryPrimitives.ReadInt64LittleEndian(reply.AsSpan(4)),
         BinaryPrimitives.ReadSingleLittleEndian(reply.AsSpan(12)), BinaryPrimitives.ReadInt64LittleEndian(reply.AsSpan(16)));

    private static byte[] Stable(LocalReplica ic, Principal id)
    {
        var stable = ic.Core.Find(id)!.StableMemory;
        var bytes = new byte[stable.Contents.Pages * State.StableMemory.PageSize];
        Assert.True(stable.TryRead(0, bytes));
        return bytes;
    }

    [Fact]
    public async Task Queries_in_a_row_each_see_the_globals_as_committed_and_their_own_changes_vanish()
    {
        var (ic, id) = await InstallAsync();
        await using var _ = ic;
        const long Nan = 0x7FF4000000000001;
        for (int i = 0; i < 3; i++)
            Assert.Equal((7, -5L, 1.5f, Nan), Decode(await ic.QueryCallAsync(id, "scribble", NoArgs)));
        Assert.Equal(new object?[] { 7, -5L, 1.5f, BitConverter.Int64BitsToDouble(Nan) }, ic.Core.Find(id)!.Instance!.GlobalValues());

        // An update between queries: the remembered values must not outlive the code that ran.
        Assert.Equal((8, 0x1122334455667788L, -2.25f, BitConverter.DoubleToInt64Bits(3.5)), Decode(await ic.UpdateCallAsync(id, "set", NoArgs)));
        for (int i = 0; i < 2; i++)
            Assert.Equal((8, 0x1122334455667788L, -2.25f, BitConverter.DoubleToInt64Bits(3.5)), Decode(await ic.QueryCallAsync(id, "scribble", NoArgs)));
    }

    [Fact]
    public async Task A_trap_through_ic0_after_changing_globals_memory_and_stable_memory_rolls_all_of_it_back()
    {
        var (ic, id) = await InstallAsync();
        await using var _ = ic;
        await ic.UpdateCallAsync(id, "set", NoArgs);
        var instance = ic.Core.Find(id)!.Instance!;
        object?[] globals = instance.GlobalValues();
        byte[] memory = instance.ReadMemory();
        byte[] stable = Stable(ic, id);
        for (int i = 0; i < 3; i++)
        {
            var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "set_then_trap", NoArgs));
            Assert.Contains("Canister called `ic0.trap` with message: 'no'", e.RejectMessage, StringComparison.Ordinal);
            Assert.Equal(globals, ic.Core.Find(id)!.Instance!.GlobalValues());
            Assert.True(memory.AsSpan().SequenceEqual(ic.Core.Find(id)!.Instance!.ReadMemory()), "main memory differs");
            Assert.Equal(stable, Stable(ic, id));
            // A query right after the trap sees the committed values too.
            Assert.Equal(8, Decode(await ic.QueryCallAsync(id, "scribble", NoArgs)).A);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_system_api_function_is_defined_as_a_typed_host_function(bool memory64)
    {
        using var linker = new Linker(ModuleCache.Engine);
        var api = new SystemApi(Principal.ManagementCanister, new Cycles.CyclesAccounting(new LocalReplicaOptions().InstructionLimit));
        foreach (string name in SystemApiSignatures.Names)
        {
            Assert.True(SystemApiSignatures.TryGet(name, out var signature));
            var (parameters, results) = signature.Resolve(memory64);
            Assert.True(SystemApiImports.TryDefine(linker, name, parameters, results, api), $"ic0.{name} {SystemApiSignatures.Format(parameters, results)} has no typed form");
        }
    }

    [Fact]
    public async Task An_import_with_the_wrong_types_is_still_refused_at_install()
    {
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        const string Wrong = """(module (import "ic0" "msg_reply_data_append" (func (param i64 i32))) (func (export "canister_update f")))""";
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.InstallCodeAsync(id, Module.ConvertText(Wrong), NoArgs));
        Assert.Contains("msg_reply_data_append", e.RejectMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_or_invalid_call_fails_its_task_without_running()
    {
        var (ic, id) = await InstallAsync();
        await using var _ = ic;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ic.UpdateCallAsync(id, "set", NoArgs, cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ic.QueryCallAsync(id, "scribble", NoArgs, cancellationToken: cancelled.Token));
        Assert.Equal(7, Decode(await ic.QueryCallAsync(id, "scribble", NoArgs)).A); // "set" never ran
        // Argument errors come back in the task, as from an async method, not thrown by the call itself.
        Task<byte[]> update = ic.UpdateCallAsync(id, null!, NoArgs), query = ic.QueryCallAsync(id, "scribble", null!);
        await Assert.ThrowsAsync<ArgumentNullException>(() => update);
        await Assert.ThrowsAsync<ArgumentNullException>(() => query);
    }

    // "touch" writes one byte into the 4 KiB page its argument's first byte names (pages 0-199 of 4 MiB); "touch_all_then_trap"
    // writes every page, then traps; the query "touch_all" writes every page and replies.
    private const string PagesWat = """
        (module
          (import "ic0" "msg_reply" (func $reply))
          (import "ic0" "msg_arg_data_copy" (func $arg (param i32 i32 i32)))
          (memory 64)
          (func $all (param $value i32)
            (local $at i32)
            (loop $next
              (i32.store8 (i32.add (local.get $at) (i32.const 0x10000)) (local.get $value))
              (local.set $at (i32.add (local.get $at) (i32.const 0x1000)))
              (br_if $next (i32.lt_u (local.get $at) (i32.const 0xC8000)))))
          (func (export "canister_update touch")
            (call $arg (i32.const 0) (i32.const 0) (i32.const 1))
            (i32.store8 (i32.add (i32.const 0x10001) (i32.mul (i32.load8_u (i32.const 0)) (i32.const 0x1000))) (i32.const 7))
            (call $reply))
          (func (export "canister_update touch_all_then_trap")
            (call $all (i32.const 0xEE))
            unreachable)
          (func (export "canister_query touch_all")
            (call $all (i32.const 0xDD))
            (call $reply)))
        """;

    [Fact]
    public async Task Pages_left_writable_across_many_checkpoints_still_roll_back_exactly()
    {
        // Each update writes a page no earlier one wrote, so the pages left writable pass the limit (and are protected
        // again) several times; a trap and a query in between must still return exactly the committed memory.
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, Module.ConvertText(PagesWat), NoArgs);
        var instance = () => ic.Core.Find(id)!.Instance!;
        for (int page = 0; page < 150; page++)
        {
            await ic.UpdateCallAsync(id, "touch", [(byte)page]);
            if (page % 37 != 0) continue;
            byte[] committed = instance().ReadMemory();
            await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "touch_all_then_trap", NoArgs));
            Assert.True(committed.AsSpan().SequenceEqual(instance().ReadMemory()), $"memory differs after the trap at page {page}");
            await ic.QueryCallAsync(id, "touch_all", NoArgs);
            Assert.True(committed.AsSpan().SequenceEqual(instance().ReadMemory()), $"memory differs after the query at page {page}");
        }
        byte[] memory = instance().ReadMemory();
        for (int page = 0; page < 150; page++) Assert.Equal(7, memory[0x10001 + page * 0x1000]);
        Assert.Equal(0, memory[0x10001 + 150 * 0x1000]);
    }

    [Fact]
    public async Task A_full_canister_log_drops_its_oldest_records_first()
    {
        await using var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { InitialTime = Start, MaxLogRecordsPerCanister = 3 });
        var id = await ic.InstallAsync("Counter");
        for (int i = 0; i < 5; i++) await ic.UpdateCallAsync(id, "inc", NoArgs);
        Assert.Equal(["count is now 3", "count is now 4", "count is now 5"], ic.GetCanisterLog(id).Select(r => r.Text));
    }
    [Fact]
    public async Task In_process_calls_keep_no_request_status()
    {
        // Nobody can ask for the status of an in-process call (its caller holds the answer); kept for every call, they
        // grew without end.
        var (ic, id) = await InstallAsync();
        await using var _ = ic;
        for (int i = 0; i < 50; i++) await ic.UpdateCallAsync(id, "set", NoArgs);
        await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "set_then_trap", NoArgs));
        await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "no_such_method", NoArgs));
        Assert.Equal(0, ic.Core.Requests.Count);
    }

    [Fact]
    public async Task A_reinstalled_canister_runs_its_new_code_under_the_same_method_name()
    {
        // Entry points are looked up once per instance: a reinstall's new instance must not run the old one's.
        static byte[] Replying(int value) => Module.ConvertText($$"""
            (module
              (import "ic0" "msg_reply" (func $reply))
              (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
              (memory 1)
              (func (export "canister_update f")
                (i32.store8 (i32.const 0) (i32.const {{value}}))
                (call $append (i32.const 0) (i32.const 1))
                (call $reply)))
            """);
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, Replying(1), NoArgs);
        Assert.Equal([1], await ic.UpdateCallAsync(id, "f", NoArgs));
        await ic.InstallCodeAsync(id, Replying(2), NoArgs, InstallCodeMode.Reinstall);
        Assert.Equal([2], await ic.UpdateCallAsync(id, "f", NoArgs));
        await ic.InstallCodeAsync(id, Replying(3), NoArgs, InstallCodeMode.Upgrade);
        Assert.Equal([3], await ic.UpdateCallAsync(id, "f", NoArgs));
    }
    [Fact]
    public async Task A_module_with_a_reference_global_installs_and_rolls_its_globals_back()
    {
        // Wasmtime runs code (which needs fuel) to initialize a funcref global: installing this failed with "all fuel
        // consumed" before the instance got fuel for instantiating.
        const string WithReference = """
            (module
              (import "ic0" "msg_reply" (func $reply))
              (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
              (import "ic0" "trap" (func $trap (param i32 i32)))
              (memory 1)
              (global $n (mut i64) (i64.const 5))
              (global $f (mut funcref) (ref.null func))
              (func $report (i64.store (i32.const 0) (global.get $n)) (call $append (i32.const 0) (i32.const 8)) (call $reply))
              (func (export "canister_update bump") (global.set $n (i64.add (global.get $n) (i64.const 1))) (call $report))
              (func (export "canister_update bump_then_trap") (global.set $n (i64.const 1000)) (call $trap (i32.const 0) (i32.const 0)))
              (func (export "canister_query get") (call $report)))
            """;
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, Module.ConvertText(WithReference), NoArgs);
        Assert.Equal(6L, BinaryPrimitives.ReadInt64LittleEndian(await ic.UpdateCallAsync(id, "bump", NoArgs)));
        await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "bump_then_trap", NoArgs));
        Assert.Equal(6L, BinaryPrimitives.ReadInt64LittleEndian(await ic.QueryCallAsync(id, "get", NoArgs)));
    }
}
