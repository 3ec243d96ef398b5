using System.Diagnostics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Candid;
using Icp.Replica;
using Icp.Replica.Tests;

// Usage: dotnet run -c Release --project tests/Icp.Replica.Benchmarks -- bdn [BenchmarkDotNet arguments]
//        (the replica against bare Wasmtime and certified HTTP updates, BenchmarkDotNet's short job, in process)
//    or: dotnet run -c Release --project tests/Icp.Replica.Benchmarks -- cpu [SECONDS] [CALLERS...]
//        (processor time per certified HTTP update, calls per signature, BLS sign and verify alone)
//    or: dotnet run -c Release --project tests/Icp.Replica.Benchmarks [-- SECONDS_PER_CASE]
// Update calls and queries per second against the Motoko counter: in-process (LocalReplica API) and over HTTP with
// our IcpAgent (certificates and query node signatures verified), one caller at a time and with 8 concurrent callers.
if (args is ["bdn", ..])
{
    // In process: building BenchmarkDotNet's generated project exceeds its build timeout on a shared 2-core machine.
    var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    BenchmarkSwitcher.FromAssembly(typeof(Icp.Replica.Benchmarks.ExecutionBenchmarks).Assembly).Run(args[1..], config);
    return;
}

if (args is ["cpu", ..])
{
    // Processor time per certified update: `-- cpu [SECONDS] [CALLERS...]` (default 5 s; 1, 8, 32 and 64 callers).
    double perRow = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
    int[] callerCounts = args.Length > 2 ? args[2..].Select(int.Parse).ToArray() : [1, 8, 32, 64];
    await Icp.Replica.Benchmarks.CpuPerCall.RunAsync(perRow, callerCounts);
    return;
}

if (args is ["cpu-exec", ..])
{
    // Processor time per in-process call against bare Wasmtime: `-- cpu-exec [CALLS]` (default 20 000 per case).
    await Icp.Replica.Benchmarks.ExecutionCpuPerCall.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
    return;
}

if (args is ["trend", ..])
{
    // How an update's cost moves over a long run: `-- trend [BLOCKS] [CALLS_PER_BLOCK]` (default 20 blocks of 10 000).
    int blocks = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
    int perBlock = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    await Icp.Replica.Benchmarks.UpdateTrend.RunAsync(blocks, perBlock);
    return;
}

if (args is ["scan", ..])
{
    // The rollback image's checkpoint alone: `-- scan [MiB]` writes 5 pages of a fully present memory, then checkpoints
    // (the page-table scan plus the copies), 20 000 times; processor time per checkpoint.
    int mib = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 18;
    Console.WriteLine(Icp.Replica.Benchmarks.CheckpointCost.Measure(mib));
    return;
}

if (args is ["profile", var what, ..])
{
    // `profile update|query CALLS` stops after that many calls instead of 20 s (the memory then stays the size the
    // `cpu-exec` run sees: the page-table scan grows with it).
    int maxCalls = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
    // A steady loop for dotnet-trace or perf: `dotnet-trace collect -- dotnet Icp.Replica.Benchmarks.dll profile update|query|http8|http64`
    // (http64: 64 callers calling without pause, as the `cpu` mode's last row; `DOTNET_PerfMapEnabled=1 perf record -g`).
    var loop = Stopwatch.StartNew();
    int done = 0;
    if (what == "update")
    {
        var bench = new Icp.Replica.Benchmarks.ExecutionBenchmarks();
        await bench.Setup();
        while (loop.Elapsed < TimeSpan.FromSeconds(20) && done < maxCalls) { await bench.ReplicaUpdateInc(); done++; }
        var instance = bench.Replica.Core.Find(bench.Counter)!.Instance!;
        var checkpoints = Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++) instance.Release(instance.Snapshot());
        Console.WriteLine($"memory {instance.MemorySize} bytes; checkpoint with nothing written: {checkpoints.Elapsed.TotalMicroseconds / 1000:F1} us");
        await bench.Cleanup();
    }
    else if (what == "query")
    {
        var bench = new Icp.Replica.Benchmarks.ExecutionBenchmarks();
        await bench.Setup();
        loop.Restart();
        while (loop.Elapsed < TimeSpan.FromSeconds(20) && done < maxCalls) { await bench.ReplicaQueryGet(); done++; }
        await bench.Cleanup();
    }
    else if (what == "http64")
    {
        var bench = new Icp.Replica.Benchmarks.HttpBenchmarks();
        await bench.Setup();
        loop.Restart(); // setup compiles the canister: not part of the loop
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            while (loop.Elapsed < TimeSpan.FromSeconds(20)) { await bench.CertifiedUpdate(); Interlocked.Increment(ref done); }
        }));
        await bench.Cleanup();
    }
    else
    {
        var bench = new Icp.Replica.Benchmarks.HttpBenchmarks();
        await bench.Setup();
        while (loop.Elapsed < TimeSpan.FromSeconds(20)) { await bench.CertifiedUpdate8Callers(); done += 8; }
        await bench.Cleanup();
    }
    Console.WriteLine($"{what}: {done / loop.Elapsed.TotalSeconds:F0}/s");
    return;
}

double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
byte[] noArgs = CandidSerializer.SerializeEmpty();
var code = await MotokoCompiler.CompileAsync("Counter");

var rows = new List<string>();
string stateDir = Path.Combine(Path.GetTempPath(), "icp-replica-bench-" + Guid.NewGuid().ToString("N"));
try
{
    // The same cases without and with a state directory (every round journaled and fsynced before its answers).
    foreach (string? dir in new[] { null, stateDir })
    {
        string mode = dir is null ? "" : ", journaled";
        await using var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { HttpPort = 0, StateDirectory = dir });
        var counter = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(counter, code.Wasm, noArgs);
        var agent = new IcpAgent(new HttpClient(), new IcpAgentOptions
        {
            Url = ic.Url!,
            Identity = Ed25519Identity.Generate(),
            IsLocalNetwork = true,
        }, Bls12381Verifier.Shared);
        await agent.QueryAsync(counter, "get", noArgs); // fetch the root key and node keys once

        rows.Add(await Measure($"in-process update (inc){mode}", 1, () => ic.UpdateCallAsync(counter, "inc", noArgs)));
        rows.Add(await Measure($"in-process query (get){mode}", 1, () => ic.QueryCallAsync(counter, "get", noArgs)));
        rows.Add(await Measure($"HTTP update, v4 certified (inc){mode}", 1, () => agent.CallAsync(counter, "inc", noArgs)));
        rows.Add(await Measure($"HTTP update, v4 certified, 8 callers{mode}", 8, () => agent.CallAsync(counter, "inc", noArgs)));
        if (dir is null)
        {
            rows.Add(await Measure("HTTP query, signed (get)", 1, () => agent.QueryAsync(counter, "get", noArgs)));
            rows.Add(await Measure("HTTP query, signed, 8 callers", 8, () => agent.QueryAsync(counter, "get", noArgs)));
        }
        else
        {
            // The journal's own share of a round: the same update without a state directory, then Commit timed alone.
            string probeDir = dir + "-probe";
            await using var plain = await LocalReplica.StartAsync(new LocalReplicaOptions());
            var probe = await plain.CreateCanisterAsync();
            await plain.InstallCodeAsync(probe, code.Wasm, noArgs);
            using var journalProbe = Icp.Replica.State.StateJournal.Start(probeDir, plain.Core, new byte[32]);
            var commit = new Stopwatch();
            int n = 0;
            var until = Stopwatch.StartNew();
            while (until.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                await plain.UpdateCallAsync(probe, "inc", noArgs);
                commit.Start();
                journalProbe.Commit(plain.Core);
                commit.Stop();
                n++;
            }
            Console.WriteLine($"journal commit per update round: {commit.Elapsed.TotalMilliseconds / n:F2} ms over {n} rounds ({journalProbe.Length / n} bytes/round)");
            rows.Add($"| journal commit alone, per update round (fsync included) | 1 | {n / commit.Elapsed.TotalSeconds:F0} | {commit.Elapsed.TotalMilliseconds / n:F2} ms |");
            Directory.Delete(probeDir, recursive: true);
            long journal = Directory.GetFiles(dir, "journal.*.log").Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"journal: {journal} bytes; main memory of the counter: {ic.Core.Find(counter)!.Instance!.MemorySize} bytes");
        }
    }
}
finally
{
    if (Directory.Exists(stateDir)) Directory.Delete(stateDir, recursive: true);
}

Console.WriteLine();
Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
Console.WriteLine("| case | callers | calls/s | mean latency |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
foreach (var row in rows) Console.WriteLine(row);

async Task<string> Measure(string name, int callers, Func<Task<byte[]>> call)
{
    for (int i = 0; i < 20; i++) await call(); // warm up
    var stopwatch = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    long count = 0;
    var workers = Enumerable.Range(0, callers).Select(async _ =>
    {
        while (stopwatch.Elapsed < deadline)
        {
            await call();
            Interlocked.Increment(ref count);
        }
    });
    await Task.WhenAll(workers);
    stopwatch.Stop();
    double rate = count / stopwatch.Elapsed.TotalSeconds;
    double latencyMs = stopwatch.Elapsed.TotalMilliseconds * callers / count;
    Console.WriteLine($"{name}: {rate:F0}/s");
    return $"| {name} | {callers} | {rate:F0} | {latencyMs:F2} ms |";
}
