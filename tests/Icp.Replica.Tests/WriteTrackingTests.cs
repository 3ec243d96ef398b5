using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>
/// Written pages found by write protection (more than one page-table scan's worth of separate runs) or by the compiled
/// write barrier: a trap returns every one of them, a query's writes vanish, and the state journal, which compares only
/// the pages written since its last record, restarts into exactly the live memory.
/// </summary>
public sealed class WriteTrackingTests : IDisposable
{
    // 64 Wasm pages (4 MiB, 1024 pages of 4 KiB). "stripes" writes one byte (the argument's first byte) into every
    // other 4 KiB page, 512 separate runs, more than the 256 one scan call returns; "stripes_then_trap" writes every
    // page, then traps; the query "scribble" writes every page and replies.
    private const string Wat = """
        (module
          (import "ic0" "msg_reply" (func $reply))
          (import "ic0" "msg_arg_data_copy" (func $arg (param i32 i32 i32)))
          (memory 64)
          (func $stripes (param $step i32) (param $value i32)
            (local $at i32)
            (loop $next
              (i32.store8 (i32.add (local.get $at) (i32.const 100)) (local.get $value))
              (local.set $at (i32.add (local.get $at) (local.get $step)))
              (br_if $next (i32.lt_u (local.get $at) (i32.const 0x400000)))))
          (func (export "canister_update stripes")
            (call $arg (i32.const 0) (i32.const 0) (i32.const 1))
            (call $stripes (i32.const 0x2000) (i32.load8_u (i32.const 0)))
            (call $reply))
          (func (export "canister_update stripes_then_trap")
            (call $stripes (i32.const 0x1000) (i32.const 0xEE))
            unreachable)
          (func (export "canister_query scribble")
            (call $stripes (i32.const 0x1000) (i32.const 0xDD))
            (call $reply)))
        """;

    private readonly List<string> _directories = [];

    private static async Task<Principal> InstallAsync(LocalReplica ic)
    {
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, Wasmtime.Module.ConvertText(Wat), NoArgs);
        return id;
    }

    private static byte[] Memory(LocalReplica ic, Principal id) => ic.Core.Find(id)!.Instance!.ReadMemory();

    [Fact]
    public void On_this_kernel_written_pages_are_found_by_write_protection()
    {
        // PAGEMAP_SCAN with asynchronous write protection came with Linux 6.7; older kernels use the slower scan.
        if (!OperatingSystem.IsLinux() || Environment.OSVersion.Version < new Version(6, 7)) return;
        using var memory = Execution.CopyOnWriteMemory.TryCreate();
        Assert.NotNull(memory);
        Assert.True(memory.TracksWrites);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_rollback_returns_hundreds_of_separate_written_pages_with_and_without_write_protection(bool trackWrites)
    {
        if (!OperatingSystem.IsLinux()) return;
        using var memory = Execution.CopyOnWriteMemory.TryCreate(trackWrites);
        Assert.NotNull(memory);
        Assert.Equal(trackWrites && Environment.OSVersion.Version >= new Version(6, 7), memory.TracksWrites);
        const int pages = 1024, page = 4096;
        nint region = Execution.LinuxCalls.mmap(0, pages * page, 3 /* PROT_READ | PROT_WRITE */, 0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */, -1, 0);
        Assert.NotEqual(-1, (long)region);
        try
        {
            byte[] Read()
            {
                var copy = new byte[pages * page];
                System.Runtime.InteropServices.Marshal.Copy(region, copy, 0, copy.Length);
                return copy;
            }
            void Write(int offset, byte value) => System.Runtime.InteropServices.Marshal.WriteByte(region, offset, value);

            for (int p = 0; p < pages; p++) Write(p * page + 100, 1);
            memory.Checkpoint(region, pages * page);
            var committed = Read();
            for (int round = 0; round < 3; round++)
            {
                // Every other page (512 separate runs, more than one scan call returns), then a rollback. Touch says
                // the memory may be written (as the instance does before running a message).
                memory.Touch();
                for (int p = 0; p < pages; p += 2) Write(p * page + 7, (byte)(0xE0 + round));
                memory.Rollback();
                Assert.True(committed.AsSpan().SequenceEqual(Read()), $"round {round}: the memory differs after the rollback");
            }
            // A checkpoint keeps what was written since; a rollback after it returns there.
            memory.Touch();
            for (int p = 1; p < pages; p += 2) Write(p * page + 9, 0x42);
            memory.Checkpoint(region, pages * page);
            var second = Read();
            memory.Touch();
            for (int p = 0; p < pages; p++) Write(p * page + 9, 0x99);
            memory.Rollback();
            var after = Read();
            Assert.True(second.AsSpan().SequenceEqual(after), "the memory differs from the second checkpoint");
            Assert.Equal(512, Enumerable.Range(0, pages).Count(p => after[p * page + 9] == 0x42));
        }
        finally
        {
            Execution.LinuxCalls.munmap(region, pages * page);
        }
    }

    // Each replica-level case runs with the compiled write barrier (the default) and without it (copy-on-write).
    private static Task<LocalReplica> StartAsync(bool barrier, string? stateDirectory = null) =>
        LocalReplica.StartAsync(new LocalReplicaOptions { InitialTime = Start, StateDirectory = stateDirectory, WriteBarrier = barrier });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_trap_after_writing_hundreds_of_separate_pages_returns_every_one(bool barrier)
    {
        await using var ic = await StartAsync(barrier);
        var id = await InstallAsync(ic);
        await ic.UpdateCallAsync(id, "stripes", [7]);
        var committed = Memory(ic, id);
        Assert.Equal(512, Enumerable.Range(0, 1024).Count(page => committed[page * 4096 + 100] == 7));
        for (int i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "stripes_then_trap", NoArgs));
            Assert.True(committed.AsSpan().SequenceEqual(Memory(ic, id)), "main memory differs after the trap");
        }
        // The next update starts from the restored pages and its writes stay.
        await ic.UpdateCallAsync(id, "stripes", [8]);
        var after = Memory(ic, id);
        Assert.Equal(512, Enumerable.Range(0, 1024).Count(page => after[page * 4096 + 100] == 8));
        Assert.Equal(0, Enumerable.Range(0, 1024).Count(page => after[page * 4096 + 100] is 0xEE or 7));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_querys_writes_to_every_page_vanish_between_updates(bool barrier)
    {
        await using var ic = await StartAsync(barrier);
        var id = await InstallAsync(ic);
        for (byte value = 1; value <= 3; value++)
        {
            await ic.UpdateCallAsync(id, "stripes", [value]);
            var committed = Memory(ic, id);
            await ic.QueryCallAsync(id, "scribble", NoArgs);
            await ic.QueryCallAsync(id, "scribble", NoArgs);
            Assert.True(committed.AsSpan().SequenceEqual(Memory(ic, id)), "a query's writes stayed");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_journaled_replica_restarts_into_the_live_memory_after_updates_traps_and_queries(bool barrier)
    {
        string dir = Path.Combine(Path.GetTempPath(), "icp-replica-tracking-" + Guid.NewGuid().ToString("N"));
        _directories.Add(dir);
        string image = dir + "-image";
        _directories.Add(image);
        byte[] live;
        Principal id;
        await using (var ic = await StartAsync(barrier, dir))
        {
            id = await InstallAsync(ic);
            for (byte value = 1; value <= 12; value++)
            {
                await ic.UpdateCallAsync(id, "stripes", [value]);
                if (value % 3 == 0) await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "stripes_then_trap", NoArgs));
                if (value % 4 == 0) await ic.QueryCallAsync(id, "scribble", NoArgs);
            }
            live = Memory(ic, id);
            // A crash image: the files as they are while the replica still runs.
            Directory.CreateDirectory(image);
            foreach (string file in Directory.GetFiles(dir))
            {
                using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var target = File.Create(Path.Combine(image, Path.GetFileName(file)));
                source.CopyTo(target);
            }
        }
        await using var restarted = await StartAsync(barrier, image);
        Assert.True(live.AsSpan().SequenceEqual(Memory(restarted, id)), "the journal's memory differs from the live memory");
    }

    public void Dispose()
    {
        foreach (string dir in _directories)
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}
