using Icp.Replica.Execution;
using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>A module is compiled once per process (and, with a cache directory, once per machine).</summary>
public class ModuleCacheTests
{
    // A module no other test installs (the constant makes its hash unique to this test class).
    private static byte[] UniqueWasm(int tag) => Wasmtime.Module.ConvertText($$"""
        (module
          (import "ic0" "msg_reply" (func $reply))
          (func (export "canister_query tag") (drop (i32.const {{tag}})) (call $reply)))
        """);

    [Fact]
    public async Task A_module_compiled_once_is_reused_across_installs_and_replicas()
    {
        byte[] wasm = UniqueWasm(Random.Shared.Next());
        await using var first = await StartAsync();
        var a = await first.CreateCanisterAsync();
        await first.InstallCodeAsync(a, wasm, NoArgs);

        var b = await first.CreateCanisterAsync();
        await first.InstallCodeAsync(b, wasm, NoArgs);
        await first.InstallCodeAsync(a, wasm, NoArgs, mode: InstallCodeMode.Reinstall);
        await using var second = await StartAsync();
        var c = await second.CreateCanisterAsync();
        await second.InstallCodeAsync(c, wasm, NoArgs);

        Assert.Same(first.Core.Find(a)!.Code!.Module, second.Core.Find(c)!.Code!.Module);
        Assert.Same(first.Core.Find(b)!.Code!.Module, second.Core.Find(c)!.Code!.Module);
        Assert.Empty(await second.QueryCallAsync(c, "tag", NoArgs));
    }

    [Fact]
    public void A_module_written_to_the_cache_directory_is_loaded_from_it_and_a_corrupt_file_is_replaced()
    {
        string directory = Path.Combine(Path.GetTempPath(), "icp-module-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            byte[] wasm = UniqueWasm(Random.Shared.Next());
            using var first = ModuleCache.LoadOrCompile(wasm, directory, out bool compiled);
            Assert.True(compiled);
            string file = Assert.Single(Directory.GetFiles(directory, "*.cwasm"));
            using var loaded = ModuleCache.LoadOrCompile(wasm, directory, out compiled);
            Assert.False(compiled);
            Assert.Equal(first.Exports.Select(e => e.Name), loaded.Exports.Select(e => e.Name));

            var bytes = File.ReadAllBytes(file);
            bytes[^1] ^= 0xFF; // a torn or altered file fails its checksum and is never deserialised
            File.WriteAllBytes(file, bytes);
            using var recompiled = ModuleCache.LoadOrCompile(wasm, directory, out compiled);
            Assert.True(compiled);
            using var reloaded = ModuleCache.LoadOrCompile(wasm, directory, out compiled);
            Assert.False(compiled);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
