using BenchmarkDotNet.Attributes;
using Icp.Candid;
using Icp.Replica.Tests;
using Icp.Replica.Wasm;
using Wasmtime;

namespace Icp.Replica.Benchmarks;

/// <summary>
/// The Motoko counter's <c>inc</c> and <c>get</c> through the in-process replica (snapshot, rollback on trap, queries
/// thrown away, the System API, the queue) against the same exported functions of the same compiled Wasm on a bare
/// Wasmtime instance whose <c>ic0</c> imports do nothing but hand over the argument: the replica's own overhead.
/// </summary>
[MemoryDiagnoser]
public class ExecutionBenchmarks
{
    private static readonly byte[] NoArgs = CandidSerializer.SerializeEmpty();
    private LocalReplica _ic = null!;
    private Principal _counter = null!;
    private Store _incStore = null!, _barrierIncStore = null!;
    private Function _inc = null!, _barrierInc = null!;

    /// <summary>
    /// Whether the replica compiles the write barrier into the counter (the default); <c>ICP_BENCH_WRITE_BARRIER=0</c>
    /// measures the page-table path instead (cpu-exec, trend and BenchmarkDotNet's child processes all read it). The
    /// bare instance always runs the module without a barrier.
    /// </summary>
    public static bool WriteBarrierEnabled => Environment.GetEnvironmentVariable("ICP_BENCH_WRITE_BARRIER") != "0";

    [GlobalSetup]
    public async Task Setup()
    {
        var code = await MotokoCompiler.CompileAsync("Counter");
        _ic = await LocalReplica.StartAsync(new LocalReplicaOptions { WriteBarrier = WriteBarrierEnabled });
        _counter = await _ic.CreateCanisterAsync();
        await _ic.InstallCodeAsync(_counter, code.Wasm, NoArgs);

        // The bare side: the module exactly as the replica compiles it, on the replica's engine; one instance per
        // method (Motoko's runtime checks the order of message kinds, which these stubs do not keep).
        var module = Execution.ModuleCache.GetOrCompile(WasmBinary.Parse(code.Wasm).WithGlobalsExported(), null);
        // Only the update: Motoko's runtime traps in a query on these stubs (its message-state check), so the query's
        // ratio is taken against the bare update, which does more work than `get`.
        (_incStore, _inc) = Instantiate(module, "canister_update inc");
        // The same with the write barrier compiled in (what the replica runs), its budget out of reach: what the barrier
        // itself costs the Wasm run.
        var barrier = WriteBarrier.Instrument(WasmBinary.Parse(code.Wasm).WithGlobalsExported())!;
        (_barrierIncStore, _barrierInc) = Instantiate(Execution.ModuleCache.GetOrCompile(barrier.Bytes, null), "canister_update inc");
    }

    private static (Store Store, Function Function) Instantiate(Module module, string export)
    {
        var store = new Store(Execution.ModuleCache.Engine);
        using var linker = new Linker(Execution.ModuleCache.Engine);
        foreach (var import in module.Imports.OfType<FunctionImport>())
        {
            string name = import.Name;
            var results = import.Results;
            bool wide = import.Parameters.Count > 0 && import.Parameters[0] == ValueKind.Int64;
            linker.DefineFunction("ic0", name, (Caller caller, ReadOnlySpan<ValueBox> args, Span<ValueBox> output) =>
            {
                if (name == "msg_arg_data_copy")
                {
                    long destination = wide ? args[0].AsInt64() : (uint)args[0].AsInt32();
                    long offset = wide ? args[1].AsInt64() : (uint)args[1].AsInt32();
                    long size = wide ? args[2].AsInt64() : (uint)args[2].AsInt32();
                    NoArgs.AsSpan((int)offset, (int)size).CopyTo(caller.GetMemory(WasmBinary.MemoryExport)!.GetSpan(destination, (int)size));
                }
                for (int i = 0; i < results.Count; i++)
                {
                    long value = name == "msg_arg_data_size" ? NoArgs.Length : 0;
                    output[i] = results[i] == ValueKind.Int64 ? value : (int)value;
                }
            }, import.Parameters, import.Results);
        }
        var instance = linker.Instantiate(store, module);
        instance.GetGlobal(WriteBarrier.BudgetExport)?.SetValue(long.MaxValue);
        store.Fuel = 1_000_000_000;
        instance.GetFunction(WasmBinary.StartExport)?.Invoke();
        instance.GetFunction("canister_init")?.Invoke();
        return (store, instance.GetFunction(export)!);
    }

    internal LocalReplica Replica => _ic;

    internal Principal Counter => _counter;

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _ic.DisposeAsync();
        _incStore.Dispose();
        _barrierIncStore.Dispose();
    }

    /// <summary>The exported update on bare Wasmtime.</summary>
    [Benchmark]
    public void BareWasmtimeInc()
    {
        _incStore.Fuel = 40_000_000_000;
        _inc.Invoke();
    }

    /// <summary>The exported update on bare Wasmtime, the module carrying the write barrier (not the baseline: a breakdown).</summary>
    [Benchmark]
    public void BareWasmtimeIncWithBarrier()
    {
        _barrierIncStore.Fuel = 40_000_000_000;
        _barrierInc.Invoke();
    }

    /// <summary>The same update through <see cref="LocalReplica.UpdateCallAsync"/>.</summary>
    [Benchmark]
    public Task<byte[]> ReplicaUpdateInc() => _ic.UpdateCallAsync(_counter, "inc", NoArgs);

    /// <summary>The same query through <see cref="LocalReplica.QueryCallAsync"/> (its changes thrown away).</summary>
    [Benchmark]
    public Task<byte[]> ReplicaQueryGet() => _ic.QueryCallAsync(_counter, "get", NoArgs);
}
