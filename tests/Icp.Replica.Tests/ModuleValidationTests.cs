using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>Modules are checked before installation: every import must be an ic0 function we provide, with the right type.</summary>
public class ModuleValidationTests
{
    /// <summary>A module with one function import and nothing else, written byte by byte.</summary>
    private static byte[] ModuleImporting(string module, string name, byte[] parameters)
    {
        var m = new List<byte> { 0, (byte)'a', (byte)'s', (byte)'m', 1, 0, 0, 0 };
        // type section: one type (params) -> ()
        var type = new List<byte> { 1, 0x60, (byte)parameters.Length };
        type.AddRange(parameters);
        type.Add(0);
        m.Add(1); m.Add((byte)type.Count); m.AddRange(type);
        // import section: one function import of type 0
        var import = new List<byte> { 1, (byte)module.Length };
        import.AddRange(System.Text.Encoding.UTF8.GetBytes(module));
        import.Add((byte)name.Length);
        import.AddRange(System.Text.Encoding.UTF8.GetBytes(name));
        import.Add(0); import.Add(0);
        m.Add(2); m.Add((byte)import.Count); m.AddRange(import);
        return m.ToArray();
    }

    [Fact]
    public async Task A_module_with_two_memories_fails_installation()
    {
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        byte[] wasm = Wasmtime.Module.ConvertText("(module (memory 1) (memory 1))");
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.InstallCodeAsync(id, wasm, NoArgs));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Equal(ErrorCodes.CanisterInvalidWasm, e.ErrorCode);
        Assert.Contains("it defines 2 memories, and a canister may have at most one", e.RejectMessage);
        Assert.Null(ic.GetModuleHash(id));
    }

    [Fact]
    public async Task An_unknown_ic0_import_fails_installation_naming_it()
    {
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.InstallCodeAsync(id, ModuleImporting("ic0", "foo", []), NoArgs));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Equal(ErrorCodes.CanisterInvalidWasm, e.ErrorCode);
        Assert.Contains("Module imports function 'foo' from 'ic0' that is not exported by the runtime", e.RejectMessage);
        Assert.Null(ic.GetModuleHash(id));
    }

    [Fact]
    public async Task An_import_from_another_module_fails_installation()
    {
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.InstallCodeAsync(id, ModuleImporting("env", "memcpy", []), NoArgs));
        Assert.Contains("'memcpy' from 'env'", e.RejectMessage);
    }

    [Fact]
    public async Task An_ic0_import_with_the_wrong_type_fails_installation()
    {
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        // debug_print takes (i32, i32) in a 32-bit module; here it takes a single i64.
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.InstallCodeAsync(id, ModuleImporting("ic0", "debug_print", [0x7e]), NoArgs));
        Assert.Contains("ic0.debug_print", e.RejectMessage);
        Assert.Contains("(i64) -> ()", e.RejectMessage);
    }

    [Fact]
    public async Task Garbage_is_not_a_module()
    {
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.InstallCodeAsync(id, [1, 2, 3, 4, 5, 6, 7, 8, 9], NoArgs));
        Assert.Contains("not a Wasm module", e.RejectMessage);
    }

    [Fact]
    public async Task Every_import_of_the_compiled_Motoko_canisters_is_provided()
    {
        foreach (var name in new[] { "Counter", "Trapper", "Caller", "Timers" })
        {
            var code = await MotokoCompiler.CompileAsync(name);
            using var engine = new Wasmtime.Engine(new Wasmtime.Config().WithMemory64(true));
            using var module = Wasmtime.Module.FromBytes(engine, name, code.Wasm);
            Assert.All(module.Imports, i =>
            {
                Assert.Equal("ic0", i.ModuleName);
                Assert.True(Execution.SystemApiSignatures.TryGet(i.Name, out _), $"ic0.{i.Name} is missing");
            });
        }
    }
}
