using BenchmarkDotNet.Attributes;
using Icp.Agent.Certification;

namespace Icp.Agent.Benchmarks;

/// <summary>One full certificate verification: CBOR, tree reconstruction, delegation, canister range, time, BLS.</summary>
[MemoryDiagnoser]
public class CertificateVerificationBenchmarks
{
    private byte[] _certificate = [];
    private CertificateScope _scope = null!;
    private CertificateVerifier _verifier = null!;

    [ParamsSource(nameof(Fixtures))]
    public string Fixture { get; set; } = "";

    public static IEnumerable<string> Fixtures() => CertificateFixtures.Ids;

    [GlobalSetup]
    public void Setup()
    {
        (_certificate, _scope, var time) = CertificateFixtures.Load(Fixture);
        _verifier = CertificateFixtures.Verifier(time);
        _verifier.Verify(_certificate, _scope);
    }

    [Benchmark(Description = "verify certificate")]
    public Certificate Verify() => _verifier.Verify(_certificate, _scope);
}
