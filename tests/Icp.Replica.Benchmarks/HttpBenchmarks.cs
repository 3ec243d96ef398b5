using BenchmarkDotNet.Attributes;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Candid;
using Icp.Replica.Tests;

namespace Icp.Replica.Benchmarks;

/// <summary>
/// Certified update calls over HTTP: our <see cref="IcpAgent"/> sends a signed v4 call of the counter's <c>inc</c> and
/// verifies the BLS-signed certificate it gets back, one caller and 8 concurrent callers, without and with a state
/// directory (every round journaled and fsynced before its answers leave).
/// </summary>
public class HttpBenchmarks
{
    private const int Callers = 8;
    private static readonly byte[] NoArgs = CandidSerializer.SerializeEmpty();
    private LocalReplica _ic = null!;
    private Principal _counter = null!;
    private IcpAgent _agent = null!;
    private string? _stateDirectory;

    /// <summary>With a state directory.</summary>
    [Params(false, true)]
    public bool Journaled { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var code = await MotokoCompiler.CompileAsync("Counter");
        _stateDirectory = Journaled ? Path.Combine(Path.GetTempPath(), "icp-replica-bench-" + Guid.NewGuid().ToString("N")) : null;
        _ic = await LocalReplica.StartAsync(new LocalReplicaOptions { HttpPort = 0, StateDirectory = _stateDirectory });
        _counter = await _ic.CreateCanisterAsync();
        await _ic.InstallCodeAsync(_counter, code.Wasm, NoArgs);
        _agent = new IcpAgent(new HttpClient(), new IcpAgentOptions
        {
            Url = _ic.Url!,
            Identity = Ed25519Identity.Generate(),
            IsLocalNetwork = true,
        }, Bls12381Verifier.Shared);
        await _agent.QueryAsync(_counter, "get", NoArgs); // fetch the root key once
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _ic.DisposeAsync();
        if (_stateDirectory is not null) Directory.Delete(_stateDirectory, recursive: true);
    }

    /// <summary>One certified update, one caller.</summary>
    [Benchmark]
    public Task<byte[]> CertifiedUpdate() => _agent.CallAsync(_counter, "inc", NoArgs);

    /// <summary>8 callers at once; the time is per call.</summary>
    [Benchmark(OperationsPerInvoke = Callers)]
    public Task CertifiedUpdate8Callers() =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => _agent.CallAsync(_counter, "inc", NoArgs)));
}
