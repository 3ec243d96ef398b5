using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// BenchmarkDotNet's short job, in process: building the generated project exceeds its 2-minute build timeout on
// a shared 2-core machine.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(Bridge.Core.Benchmarks.MerkleBenchmarks).Assembly).Run(args, config);
