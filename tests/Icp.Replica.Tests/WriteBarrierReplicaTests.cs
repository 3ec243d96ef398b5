using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>
/// The replica with and without the write barrier (<see cref="LocalReplicaOptions.WriteBarrier"/>): the same calls give
/// the same replies, instruction counts (<c>ic0.performance_counter</c> included), cycle charges and memory; a message
/// within its instruction limit without the barrier stays within it with the barrier, one past it fails the same way;
/// and a trap or a query undoes the pages written by code, by bulk memory operations and by the System API.
/// </summary>
public sealed class WriteBarrierReplicaTests
{
    // "work" copies its argument [count, fill] into page 40 (a System API write), stores to `count` pages spread over
    // the memory, fills 20,000 bytes at 2,000,000 with `fill`, and replies with the performance counter.
    private const string Wat = """
        (module
          (import "ic0" "msg_reply" (func $reply))
          (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
          (import "ic0" "msg_arg_data_copy" (func $arg (param i32 i32 i32)))
          (import "ic0" "msg_arg_data_size" (func $size (result i32)))
          (import "ic0" "performance_counter" (func $perf (param i32) (result i64)))
          (memory 64)
          (func $work (local $i i32)
            (call $arg (i32.const 163840) (i32.const 0) (call $size))
            (loop $next
              (i64.store offset=4 (i32.mul (local.get $i) (i32.const 12289)) (i64.extend_i32_u (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $next (i32.lt_u (local.get $i) (i32.load8_u (i32.const 163840)))))
            (memory.fill (i32.const 2000000) (i32.load8_u (i32.const 163841)) (i32.const 20000)))
          (func (export "canister_update work")
            (call $work)
            (i64.store (i32.const 0) (call $perf (i32.const 0)))
            (call $append (i32.const 0) (i32.const 8))
            (call $reply))
          (func (export "canister_update work_then_trap") (call $work) unreachable)
          (func (export "canister_update many") (local $i i32)
            (loop $next
              (i32.store (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0x3fffff)) (local.get $i))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $next (i32.lt_u (local.get $i) (i32.const 3000000))))
            (i64.store (i32.const 0) (call $perf (i32.const 0)))
            (call $append (i32.const 0) (i32.const 8))
            (call $reply))
          (func (export "canister_query scribble") (call $work) (call $reply)))
        """;

    private static async Task<(LocalReplica Replica, Principal Id)> StartAsync(bool barrier, long? instructionLimit = null)
    {
        var ic = await LocalReplica.StartAsync(new LocalReplicaOptions
        {
            InitialTime = Start,
            WriteBarrier = barrier,
            InstructionLimit = instructionLimit ?? new LocalReplicaOptions().InstructionLimit,
        });
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, Wasmtime.Module.ConvertText(Wat), NoArgs);
        Assert.Equal(barrier, ic.Core.Find(id)!.Code!.Barrier is not null);
        return (ic, id);
    }

    private static byte[] Memory(LocalReplica ic, Principal id) => ic.Core.Find(id)!.Instance!.ReadMemory();

    private static ulong Instructions(LocalReplica ic, Principal id) => ic.Core.Find(id)!.InstructionsExecuted;

    [Fact]
    public async Task The_same_calls_report_identical_instruction_counts_cycle_charges_and_memory_with_and_without_the_barrier()
    {
        var (with, a) = await StartAsync(barrier: true);
        var (without, b) = await StartAsync(barrier: false);
        await using (with)
        await using (without)
        {
            Assert.Equal(Instructions(without, b), Instructions(with, a)); // installation
            foreach (byte[] arg in new[] { new byte[] { 3, 1 }, [100, 2], [250, 3], [0, 4] })
            {
                byte[] reply = await with.UpdateCallAsync(a, "work", arg);
                byte[] expected = await without.UpdateCallAsync(b, "work", arg);
                Assert.Equal(expected, reply); // performance_counter inside the message
                Assert.Equal(Instructions(without, b), Instructions(with, a));
                Assert.Equal(without.GetCycleBalance(b), with.GetCycleBalance(a));
                Assert.True(Memory(without, b).AsSpan().SequenceEqual(Memory(with, a)), "main memory differs");
                await Assert.ThrowsAsync<CallRejectedException>(() => with.UpdateCallAsync(a, "work_then_trap", [200, 9]));
                await Assert.ThrowsAsync<CallRejectedException>(() => without.UpdateCallAsync(b, "work_then_trap", [200, 9]));
                Assert.Equal(Instructions(without, b), Instructions(with, a));
                Assert.Equal(without.GetCycleBalance(b), with.GetCycleBalance(a));
            }
            Assert.True(BitConverter.ToInt64(await with.UpdateCallAsync(a, "work", [250, 5])) > 250);
            await without.UpdateCallAsync(b, "work", [250, 5]);
            // Three million stores: the barriers' fuel passes the refuel budget several times.
            Assert.Equal(await without.UpdateCallAsync(b, "many", NoArgs), await with.UpdateCallAsync(a, "many", NoArgs));
            Assert.Equal(Instructions(without, b), Instructions(with, a));
            Assert.True(Memory(without, b).AsSpan().SequenceEqual(Memory(with, a)), "main memory differs after many stores");
        }
    }

    [Fact]
    public async Task The_motoko_counter_reports_identical_instruction_counts_and_cycle_charges_with_and_without_the_barrier()
    {
        var code = await MotokoCompiler.CompileAsync("Counter");
        var replicas = new List<LocalReplica>();
        try
        {
            var ids = new List<Principal>();
            foreach (bool barrier in new[] { true, false })
            {
                var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { InitialTime = Start, WriteBarrier = barrier });
                replicas.Add(ic);
                var id = await ic.CreateCanisterAsync();
                await ic.InstallCodeAsync(id, code.Wasm, NoArgs);
                Assert.Equal(barrier, ic.Core.Find(id)!.Code!.Barrier is not null);
                ids.Add(id);
            }
            Assert.Equal(Instructions(replicas[1], ids[1]), Instructions(replicas[0], ids[0]));
            for (ulong i = 1; i <= 20; i++)
            {
                Assert.Equal(await replicas[1].UpdateCallAsync(ids[1], "add", Args<Nat>(i)), await replicas[0].UpdateCallAsync(ids[0], "add", Args<Nat>(i)));
                Assert.Equal(Instructions(replicas[1], ids[1]), Instructions(replicas[0], ids[0]));
                Assert.Equal(replicas[1].GetCycleBalance(ids[1]), replicas[0].GetCycleBalance(ids[0]));
            }
            Assert.True(Memory(replicas[1], ids[1]).AsSpan().SequenceEqual(Memory(replicas[0], ids[0])), "main memory differs");
        }
        finally
        {
            foreach (var ic in replicas) await ic.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_message_within_its_limit_without_the_barrier_stays_within_it_with_the_barrier()
    {
        // Three million stores: their barriers use several refuel budgets of fuel beyond the limit.
        byte[] arg = NoArgs;
        long used;
        var (probe, p) = await StartAsync(barrier: false);
        await using (probe)
        {
            ulong before = Instructions(probe, p);
            await probe.UpdateCallAsync(p, "many", arg);
            used = (long)(Instructions(probe, p) - before);
        }
        Assert.True(used > 3_000_000);
        // The barriers' own fuel (about twenty units per store) would exceed a limit of exactly `used` many times over.
        foreach (bool barrier in new[] { true, false })
        {
            var (exact, id) = await StartAsync(barrier, instructionLimit: used);
            await using (exact)
            {
                ulong before = Instructions(exact, id);
                await exact.UpdateCallAsync(id, "many", arg);
                Assert.Equal(used, (long)(Instructions(exact, id) - before));
            }
            var (tight, id2) = await StartAsync(barrier, instructionLimit: used - 1000);
            await using (tight)
            {
                var memory = Memory(tight, id2);
                ulong before = Instructions(tight, id2);
                var e = await Assert.ThrowsAsync<CallRejectedException>(() => tight.UpdateCallAsync(id2, "many", arg));
                Assert.Equal(ErrorCodes.CanisterInstructionLimitExceeded, e.ErrorCode);
                Assert.Equal(used - 1000, (long)(Instructions(tight, id2) - before));
                Assert.True(memory.AsSpan().SequenceEqual(Memory(tight, id2)), "main memory differs after the limit trap");
            }
        }
    }

    [Fact]
    public async Task A_trap_or_a_query_undoes_pages_written_by_stores_bulk_operations_and_the_system_api()
    {
        var (ic, id) = await StartAsync(barrier: true);
        await using (ic)
        {
            await ic.UpdateCallAsync(id, "work", [10, 1]);
            var committed = Memory(ic, id);
            for (int i = 0; i < 2; i++)
            {
                await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "work_then_trap", [255, 0xEE]));
                Assert.True(committed.AsSpan().SequenceEqual(Memory(ic, id)), "main memory differs after the trap");
                await ic.QueryCallAsync(id, "scribble", [255, 0xDD]);
                Assert.True(committed.AsSpan().SequenceEqual(Memory(ic, id)), "main memory differs after the query");
            }
            // The next update starts from the restored pages, and what it writes stays.
            await ic.UpdateCallAsync(id, "work", [20, 6]);
            var after = Memory(ic, id);
            Assert.Equal(20, after[163840]);
            Assert.Equal(6, after[2_000_000 + 19_999]);
            Assert.Equal(19, after[19 * 12289 + 4]);
        }
    }
    // 40,000 Wasm pages (2.44 GiB): past what one managed array holds, so the rollback image must live elsewhere.
    private const string LargeWat = """
        (module
          (import "ic0" "msg_reply" (func $reply))
          (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
          (memory 40000)
          (func (export "canister_update set") (i64.store (i32.const 0x9C3FFFF0) (i64.const 7)) (call $reply))
          (func (export "canister_update set_then_trap") (i64.store (i32.const 0x9C3FFFF0) (i64.const 9)) unreachable)
          (func (export "canister_query get")
            (i64.store (i32.const 0) (i64.load (i32.const 0x9C3FFFF0)))
            (call $append (i32.const 0) (i32.const 8))
            (call $reply)))
        """;

    [Fact]
    public async Task A_memory_larger_than_two_GiB_rolls_back_a_trapped_write_near_its_end()
    {
        await using var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { InitialTime = Start });
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, Wasmtime.Module.ConvertText(LargeWat), NoArgs);
        Assert.NotNull(ic.Core.Find(id)!.Code!.Barrier);
        await ic.UpdateCallAsync(id, "set", NoArgs);
        await Assert.ThrowsAnyAsync<Exception>(() => ic.UpdateCallAsync(id, "set_then_trap", NoArgs));
        Assert.Equal(7L, BitConverter.ToInt64(await ic.QueryCallAsync(id, "get", NoArgs)));
    }
}
