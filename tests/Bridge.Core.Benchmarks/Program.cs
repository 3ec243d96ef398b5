using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Bridge.Core.Benchmarks;

// `cpu`: processor time (all threads) of one run of each large benchmark after a warm-up: a figure that a loaded,
// shared machine inflates far less than wall-clock time. Anything else goes to BenchmarkDotNet.
if (args is ["cpu"])
{
    var merkle = new MerkleBenchmarks { Leaves = 1_000_000 };
    merkle.Setup();
    Measure("Merkle root + all proofs, 1,000,000 leaves", () => merkle.RootAndAllProofs());
    var rewards = new RewardEngineBenchmarks { Receipts = 1_000_000 };
    rewards.Setup();
    Measure("Reward engine, 1,000,000 receipts", () => rewards.Epoch());
    var signatures = new SignatureBenchmarks();
    foreach (var implementation in new[] { "native", "bouncycastle" })
    {
        signatures.Implementation = implementation;
        signatures.Setup();
        Measure($"Ed25519 x 2,000 ({implementation})", () => { for (int i = 0; i < 2000; i++) signatures.Ed25519(); });
        Measure($"secp256k1 x 500 ({implementation})", () => { for (int i = 0; i < 500; i++) signatures.Secp256k1(); });
    }
    return;
}

// BenchmarkDotNet's short job, in process: building the generated project exceeds its 2-minute build timeout on
// a shared 2-core machine.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(MerkleBenchmarks).Assembly).Run(args, config);

static void Measure(string name, Action run)
{
    run();
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    run();
    wall.Stop();
    process.Refresh();
    Console.WriteLine($"{name}: wall {wall.Elapsed.TotalSeconds:F3} s, cpu {(process.TotalProcessorTime - cpu).TotalSeconds:F3} s");
}
