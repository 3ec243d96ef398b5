using BenchmarkDotNet.Attributes;
using Icp.Agent.Certification;

namespace Icp.Agent.Benchmarks;

/// <summary>One full certificate verification: CBOR, tree reconstruction, delegation, canister range, time, BLS;
/// by a verifier that starts fresh, and by one kept across verifications (what it remembers is then used).</summary>
[MemoryDiagnoser]
public class CertificateVerificationBenchmarks
{
    private byte[] _certificate = [];
    private CertificateScope _scope = null!;
    private CertificateVerifier _verifier = null!;
    private DateTimeOffset _time;

    [ParamsSource(nameof(Fixtures))]
    public string Fixture { get; set; } = "";

    public static IEnumerable<string> Fixtures() => CertificateFixtures.Ids;

    [GlobalSetup]
    public void Setup()
    {
        (_certificate, _scope, _time) = CertificateFixtures.Load(Fixture);
        _verifier = CertificateFixtures.Verifier(_time);
        _verifier.Verify(_certificate, _scope);
    }

    [Benchmark(Description = "verify certificate, fresh verifier (no cache, keys parsed)")]
    public Certificate VerifyFresh() => CertificateFixtures.FreshVerifier(_time).Verify(_certificate, _scope);

    [Benchmark(Description = "verify certificate, kept verifier (cached)")]
    public Certificate Verify() => _verifier.Verify(_certificate, _scope);
}
