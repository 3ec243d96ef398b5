using System.Diagnostics;

namespace Icp.Replica.Benchmarks;

/// <summary>
/// Processor time per call (`cpu-exec` mode) of the cases of <see cref="ExecutionBenchmarks"/>: the bare update, the
/// replica's update and query, each timed by <see cref="Process.TotalProcessorTime"/> (all threads: GC and thread pool
/// included), which a loaded machine inflates far less than wall-clock time. Prints the markdown table.
/// </summary>
internal static class ExecutionCpuPerCall
{
    /// <summary>Runs every case <paramref name="calls"/> times per round: a warm-up round, then three measured.</summary>
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
        // One warm-up round (JIT, memory growth), then three measured rounds with the cases interleaved; each case's
        // median round is reported. Processor time counts every thread, so a round can catch the runtime's background
        // work (tier-1 compilation of code another case ran, a GC): with one round the first case measured, the bare
        // call, took that cost now and then (5.6 against 11.7 µs in runs a minute apart).
        const int MeasuredRounds = 3;
        var rounds = new double[cases.Length][];
        for (int c = 0; c < cases.Length; c++) rounds[c] = new double[MeasuredRounds];
        for (int round = -1; round < MeasuredRounds; round++)
            for (int c = 0; c < cases.Length; c++)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < calls; i++) await cases[c].Call();
                if (round >= 0) rounds[c][round] = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / calls;
            }
        var perCall = rounds.Select(r => r.Order().ElementAt(MeasuredRounds / 2)).ToArray();
        var memory = bench.Replica.Core.Find(bench.Counter)!.Instance!.MemorySize;
        Console.WriteLine($"{calls} calls per case; main memory {memory / (1 << 20)} MiB; write barrier {(ExecutionBenchmarks.WriteBarrierEnabled ? "on" : "off")}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine();
        Console.WriteLine("| case | processor time per call, median (rounds) | ratio to bare |");
        Console.WriteLine("| --- | ---: | ---: |");
        for (int c = 0; c < cases.Length; c++)
            Console.WriteLine($"| {cases[c].Name} | {perCall[c]:F2} µs ({string.Join(", ", rounds[c].Select(r => r.ToString("F2")))}) | {perCall[c] / perCall[0]:F1}× |");
        await bench.Cleanup();
    }
}
