using System.Collections.Concurrent;
using System.Diagnostics;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Bls12381;
using Icp.Candid;
using Icp.Replica.Tests;

namespace Icp.Replica.Benchmarks;

/// <summary>
/// Processor time per certified HTTP update (`cpu` mode): the whole process (replica, Kestrel, agent, BLS) is measured
/// with <see cref="Process.TotalProcessorTime"/>, which a loaded machine inflates far less than wall-clock time. Also
/// counts how many calls shared one signature (the batch size) and times one BLS signature and one verification alone.
/// </summary>
internal static class CpuPerCall
{
    private static readonly byte[] NoArgs = CandidSerializer.SerializeEmpty();

    /// <summary>Prints the markdown table: one row per number of callers, then the BLS costs.</summary>
    public static async Task RunAsync(double seconds, int[] callerCounts)
    {
        var code = await MotokoCompiler.CompileAsync("Counter");
        var rows = new List<string>();
        // The first pass only warms up (tiered compilation of the replica, Kestrel, agent and BLS code); not reported.
        foreach (int entry in callerCounts.Prepend(-8))
        {
            bool warmUp = entry < 0;
            int callers = Math.Abs(entry);
            await using var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { HttpPort = 0 });
            var counter = await ic.CreateCanisterAsync();
            await ic.InstallCodeAsync(counter, code.Wasm, NoArgs);
            var counting = new CountingVerifier(new Bls12381Verifier());
            var agent = new IcpAgent(new HttpClient(), new IcpAgentOptions
            {
                Url = ic.Url!,
                Identity = Ed25519Identity.Generate(),
                IsLocalNetwork = true,
            }, counting);
            await agent.QueryAsync(counter, "get", NoArgs); // root key and node keys once
            for (int i = 0; i < 20; i++) await agent.CallAsync(counter, "inc", NoArgs); // warm up
            counting.Reset();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            TimeSpan cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            long count = 0;
            await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
            {
                while (wall.Elapsed.TotalSeconds < seconds)
                {
                    await agent.CallAsync(counter, "inc", NoArgs);
                    Interlocked.Increment(ref count);
                }
            }));
            wall.Stop();
            process.Refresh();
            double cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            double perCall = cpuMs / count;
            if (warmUp) continue;
            Console.WriteLine($"{callers} callers: {count} calls, {count / wall.Elapsed.TotalSeconds:F0}/s wall, {perCall:F3} ms CPU/call, {counting.Distinct} signatures");
            rows.Add($"| {callers} | {count / wall.Elapsed.TotalSeconds:F0} | {perCall:F3} ms | {1000 / perCall:F0} | {(double)count / Math.Max(1, counting.Distinct):F1} |");
        }

        // One signature and one verification alone, in processor time of this thread (the rest of the process is idle).
        var key = BlsSecretKey.FromSeed(new byte[32]);
        byte[] message = new byte[45];
        byte[] publicKey = key.PublicKey;
        var prepared = BlsPreparedPublicKey.TryParse(publicKey, out var p) ? p! : throw new InvalidOperationException();
        double sign = CpuMilliseconds(50, i => { message[0] = (byte)i; key.Sign(message); });
        byte[] sig = key.Sign(message);
        double verify = CpuMilliseconds(50, _ => { if (!BlsSignature.Verify(sig, message, prepared)) throw new InvalidOperationException(); });

        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}, {seconds} s per row; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine("| callers | calls/s (wall) | processor time per call | calls/s per busy core | calls per signature |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows) Console.WriteLine(row);
        Console.WriteLine();
        Console.WriteLine("| BLS operation alone | processor time |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| sign (hash to G1 + scalar multiplication) | {sign:F3} ms |");
        Console.WriteLine($"| verify (hash to G1 + two-pairing product) | {verify:F3} ms |");
    }

    private static double CpuMilliseconds(int n, Action<int> body)
    {
        for (var warm = Stopwatch.StartNew(); warm.Elapsed.TotalSeconds < 1;) body(0); // tiered compilation
        var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan before = process.TotalProcessorTime;
        for (int i = 0; i < n; i++) body(i);
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds / n;
    }

    /// <summary>Counts the distinct signatures the agent is asked to check (calls per signature = the batch size).</summary>
    private sealed class CountingVerifier(IBlsVerifier inner) : IBlsVerifier
    {
        private readonly ConcurrentDictionary<string, byte> _seen = new();

        public int Distinct => _seen.Count;

        public void Reset() => _seen.Clear();

        public bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96)
        {
            _seen.TryAdd(Convert.ToHexString(sig), 0);
            return inner.Verify(sig, msg, publicKey96);
        }
    }
}
