using Icp.Replica.State;
using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>
/// Rollback restores exactly what a message changed: main memory (copy-on-write checkpoints), stable memory (undo log
/// per page) and globals, after a trap and after every query, including when memory grows.
/// </summary>
public class RollbackTests
{
    // 16 Wasm pages (1 MiB). "commit" writes 4 KiB pages 0x30 and 0x31 and stable memory; "trap" writes the same main
    // memory pages, two more, stable memory (also past its old size) and a global, then traps.
    private const string Wat = """
        (module
          (import "ic0" "msg_reply" (func $reply))
          (import "ic0" "stable64_grow" (func $sgrow (param i64) (result i64)))
          (import "ic0" "stable64_write" (func $swrite (param i64 i64 i64)))
          (memory 16)
          (global $counter (mut i32) (i32.const 7))
          (func $fill (param $at i32) (param $value i32) (param $length i32)
            (memory.fill (local.get $at) (local.get $value) (local.get $length)))
          (func (export "canister_update commit")
            (call $fill (i32.const 0x30000) (i32.const 1) (i32.const 0x1800))
            (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
            (drop (call $sgrow (i64.const 2)))
            (call $swrite (i64.const 70000) (i64.const 0x30000) (i64.const 100))
            (call $reply))
          (func (export "canister_update trap")
            (call $fill (i32.const 0x30000) (i32.const 2) (i32.const 0x2000))
            (call $fill (i32.const 0x70000) (i32.const 3) (i32.const 10))
            (call $fill (i32.const 0xF0000) (i32.const 3) (i32.const 0x10000))
            (global.set $counter (i32.const 99))
            (call $swrite (i64.const 69000) (i64.const 0x30000) (i64.const 5000))
            (drop (call $sgrow (i64.const 3)))
            (call $swrite (i64.const 300000) (i64.const 0x70000) (i64.const 10))
            unreachable)
          (func (export "canister_update grow_then_trap")
            (drop (memory.grow (i32.const 2)))
            (call $fill (i32.const 0x30000) (i32.const 5) (i32.const 0x100))
            (call $fill (i32.const 0x100000) (i32.const 5) (i32.const 0x100))
            unreachable)
          (func (export "canister_query scribble")
            (call $fill (i32.const 0x50000) (i32.const 4) (i32.const 0x3000))
            (call $fill (i32.const 0x30000) (i32.const 4) (i32.const 1))
            (global.set $counter (i32.const 1000))
            (call $swrite (i64.const 0) (i64.const 0x50000) (i64.const 100))
            (call $reply))
          (func (export "canister_query grow_scribble")
            (drop (memory.grow (i32.const 1)))
            (call $fill (i32.const 0x50000) (i32.const 6) (i32.const 0x100))
            (call $reply)))
        """;

    private static async Task<(LocalReplica Ic, Principal Id)> InstallAsync()
    {
        var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, Wasmtime.Module.ConvertText(Wat), NoArgs);
        return (ic, id);
    }

    private static (byte[] Memory, object?[] Globals, byte[] Stable, long StablePages) State(LocalReplica ic, Principal id)
    {
        var canister = ic.Core.Find(id)!;
        var (stable, pages) = canister.StableMemory.Contents;
        var readable = new byte[pages * StableMemory.PageSize];
        Assert.True(canister.StableMemory.TryRead(0, readable));
        return (canister.Instance!.ReadMemory(), canister.Instance.GlobalValues(), readable, pages);
    }

    private static void AssertSameState((byte[] Memory, object?[] Globals, byte[] Stable, long StablePages) expected, (byte[] Memory, object?[] Globals, byte[] Stable, long StablePages) actual)
    {
        Assert.Equal(expected.Memory.Length, actual.Memory.Length);
        Assert.True(expected.Memory.AsSpan().SequenceEqual(actual.Memory), "main memory differs");
        Assert.Equal(expected.Globals, actual.Globals);
        Assert.Equal(expected.StablePages, actual.StablePages);
        Assert.True(expected.Stable.AsSpan().SequenceEqual(actual.Stable), "stable memory differs");
    }

    [Fact]
    public async Task A_trap_after_writing_pages_restores_exactly_those_pages_and_nothing_else_changes()
    {
        var (ic, id) = await InstallAsync();
        await using var _ = ic;
        var initial = State(ic, id);
        await ic.UpdateCallAsync(id, "commit", NoArgs);
        var committed = State(ic, id);
        // The committed message's writes are kept: exactly pages 0x30-0x31 of main memory changed.
        Assert.Equal(8, committed.Globals[0]);
        for (int page = 0; page < committed.Memory.Length / 4096; page++)
            Assert.Equal(page is 0x30 or 0x31, !committed.Memory.AsSpan(page * 4096, 4096).SequenceEqual(initial.Memory.AsSpan(page * 4096, 4096)));
        Assert.Equal(2, committed.StablePages);

        for (int i = 0; i < 3; i++)
        {
            var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "trap", NoArgs));
            Assert.Equal(RejectCode.CanisterError, e.RejectCode);
            AssertSameState(committed, State(ic, id));
        }
        // A later committed message still works from the restored state.
        await ic.UpdateCallAsync(id, "commit", NoArgs);
        Assert.Equal(9, State(ic, id).Globals[0]);
    }

    [Fact]
    public async Task On_linux_a_snapshot_is_a_copy_on_write_checkpoint_and_one_inside_it_a_copy()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(Execution.CopyOnWriteMemory.IsSupported, "memfd or /proc/self/pagemap is not usable: every message would copy its memory");
        var (ic, id) = await InstallAsync();
        await using var _ = ic;
        var instance = ic.Core.Find(id)!.Instance!;
        var outer = instance.Snapshot();
        var inner = instance.Snapshot();
        Assert.NotNull(outer.Checkpoint);
        Assert.Null(inner.Checkpoint);
        Assert.True(instance.TryRestore(inner));
        instance.Release(outer);
    }

    [Fact]
    public async Task A_trap_after_growing_memory_returns_to_the_size_and_content_before()
    {
        var (ic, id) = await InstallAsync();
        await using var _ = ic;
        await ic.UpdateCallAsync(id, "commit", NoArgs);
        var committed = State(ic, id);
        await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "grow_then_trap", NoArgs));
        AssertSameState(committed, State(ic, id));
        await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "trap", NoArgs));
        AssertSameState(committed, State(ic, id));
    }

    [Fact]
    public async Task A_queries_writes_vanish()
    {
        var (ic, id) = await InstallAsync();
        await using var _ = ic;
        await ic.UpdateCallAsync(id, "commit", NoArgs);
        var committed = State(ic, id);
        for (int i = 0; i < 3; i++)
        {
            await ic.QueryCallAsync(id, "scribble", NoArgs);
            AssertSameState(committed, State(ic, id));
            await ic.QueryCallAsync(id, "grow_scribble", NoArgs);
            AssertSameState(committed, State(ic, id));
        }
    }

    [Fact]
    public void Nested_stable_memory_checkpoints_undo_writes_growth_and_clear()
    {
        var stable = new StableMemory();
        stable.Grow(1);
        Assert.True(stable.TryWrite(10, [1, 2, 3]));
        var outer = stable.Snapshot();
        Assert.True(stable.TryWrite(11, [9]));
        var inner = stable.Snapshot();
        stable.Grow(4);
        Assert.True(stable.TryWrite(4 * StableMemory.PageSize, [7])); // reallocates the backing array
        Assert.True(stable.TryWrite(10, [8]));
        stable.Release(inner);
        stable.Clear();
        stable.Grow(1);
        Assert.True(stable.TryWrite(10, [5, 5, 5])); // after a clear: must not leak into the restored content
        stable.Restore(outer);

        Assert.Equal(1, stable.Pages);
        var content = new byte[StableMemory.PageSize];
        Assert.True(stable.TryRead(0, content));
        Assert.Equal(new byte[] { 1, 2, 3 }, content[10..13]);
        Assert.Equal(3, content.Count(b => b != 0));
        // Growing again shows zeros where the undone writes were.
        stable.Grow(4);
        var grown = new byte[1];
        Assert.True(stable.TryRead(4 * StableMemory.PageSize, grown));
        Assert.Equal(0, grown[0]);
    }
}
