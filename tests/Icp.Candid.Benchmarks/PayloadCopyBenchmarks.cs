using BenchmarkDotNet.Attributes;

namespace Icp.Candid.Benchmarks;

/// <summary>
/// The floor for every codec benchmark: copying the anchor's encoded bytes once. Reads the messages the
/// JavaScript anchor wrote, from the folder named by ICP_BENCH_ANCHOR_DIR (run.sh sets it).
/// </summary>
[MemoryDiagnoser]
public class PayloadCopyBenchmarks
{
    private byte[] _bytes = [];
    private byte[] _target = [];

    [ParamsSource(nameof(Payloads))]
    public string Payload { get; set; } = "";

    public static IEnumerable<string> Payloads() => ["icrc3-blocks-10k", "transfers-10k", "blob-1mib"];

    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable("ICP_BENCH_ANCHOR_DIR")
            ?? throw new InvalidOperationException("set ICP_BENCH_ANCHOR_DIR to the JavaScript anchor's output folder (run.sh does)");
        _bytes = File.ReadAllBytes(Path.Combine(dir, Payload + ".bin"));
        _target = new byte[_bytes.Length];
    }

    [Benchmark(Description = "copy encoded bytes")]
    public int Copy()
    {
        _bytes.AsSpan().CopyTo(_target);
        return _target[^1];
    }
}
