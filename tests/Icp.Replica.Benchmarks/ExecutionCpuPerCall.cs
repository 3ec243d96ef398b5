using System.Diagnostics;

namespace Icp.Replica.Benchmarks;

/// <summary>
/// Processor time per call (`cpu-exec` mode) of the cases of <see cref="ExecutionBenchmarks"/>: the bare update, the
/// replica's update and query, each timed by <see cref="Process.TotalProcessorTime"/> (all threads: GC and thread pool
/// included), which a loaded machine inflates far less than wall-clock time. Prints the markdown table.
/// </summary>
internal static class ExecutionCpuPerCall
{
    /// <summary>Runs every case <paramref name="calls"/> times after a warm-up round of as many.</summary>
    public static async Task RunAsync(int calls)
    {
        var bench = new ExecutionBenchmarks();
        await bench.Setup();
        var cases = new (string Name, Func<Task> Call)[]
        {
            ("bare Wasmtime, `canister_update inc`", () => { bench.BareWasmtimeInc(); return Task.CompletedTask; }),
            ("bare Wasmtime with the write barrier compiled in (breakdown)", () => { bench.BareWasmtimeIncWithBarrier(); return Task.CompletedTask; }),
            ("replica, `UpdateCallAsync(inc)`", bench.ReplicaUpdateInc),
            ("replica, `QueryCallAsync(get)`", bench.ReplicaQueryGet),
        };
        var perCall = new double[cases.Length];
        for (int round = 0; round < 2; round++) // the first round warms up (JIT, memory growth)
            for (int c = 0; c < cases.Length; c++)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < calls; i++) await cases[c].Call();
                perCall[c] = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / calls;
            }
        var memory = bench.Replica.Core.Find(bench.Counter)!.Instance!.MemorySize;
        Console.WriteLine($"{calls} calls per case; main memory {memory / (1 << 20)} MiB; write barrier {(ExecutionBenchmarks.WriteBarrierEnabled ? "on" : "off")}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine();
        Console.WriteLine("| case | processor time per call | ratio to bare |");
        Console.WriteLine("| --- | ---: | ---: |");
        for (int c = 0; c < cases.Length; c++)
            Console.WriteLine($"| {cases[c].Name} | {perCall[c]:F2} µs | {perCall[c] / perCall[0]:F1}× |");
        await bench.Cleanup();
    }
}
