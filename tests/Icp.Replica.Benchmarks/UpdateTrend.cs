using System.Diagnostics;

namespace Icp.Replica.Benchmarks;

/// <summary>
/// How an in-process update's cost moves over a long run (`trend` mode): processor time per call in blocks of calls,
/// with the canister's main memory (the page-table scan follows its size), the process's managed heap and the garbage
/// collections of each block. A cost that grows with the number of calls made shows here, where a benchmark's mean and
/// error only blur it.
/// </summary>
internal static class UpdateTrend
{
    /// <summary>Runs <paramref name="blocks"/> blocks of <paramref name="callsPerBlock"/> updates and prints a row per block.</summary>
    public static async Task RunAsync(int blocks, int callsPerBlock)
    {
        var bench = new ExecutionBenchmarks();
        await bench.Setup();
        var instance = () => bench.Replica.Core.Find(bench.Counter)!.Instance!;
        Console.WriteLine($"write barrier {(ExecutionBenchmarks.WriteBarrierEnabled ? "on" : "off")}");
        Console.WriteLine("| calls so far | processor time per call | main memory | managed heap | gen0/1/2 collections |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        long calls = 0;
        for (int block = 0; block < blocks; block++)
        {
            int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < callsPerBlock; i++) await bench.ReplicaUpdateInc();
            double perCall = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / callsPerBlock;
            calls += callsPerBlock;
            Console.WriteLine($"| {calls} | {perCall:F2} µs | {instance().MemorySize >> 20} MiB | {GC.GetTotalMemory(false) >> 20} MiB | " +
                $"{GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]} |");
        }
        await bench.Cleanup();
    }
}
