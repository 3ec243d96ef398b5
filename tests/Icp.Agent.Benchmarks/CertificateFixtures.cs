using System.Text.Json;
using Icp.Agent.Certification;
using Icp.Candid;

namespace Icp.Agent.Benchmarks;

/// <summary>The real mainnet certificates of ../shared/conformance/ic/certificates.json, with the scope of their first check.</summary>
public static class CertificateFixtures
{
    public static readonly string[] Ids = ["mainnet-v3-read_state-ivg37-time-sharded", "mainnet-nns-system-subnet-2023"];

    public static string RepoRoot() => Icp.Testing.RepositoryPaths.Root;

    public static string ConformanceIc => Icp.Testing.RepositoryPaths.ConformanceFolder("ic");

    public static (byte[] Certificate, CertificateScope Scope, DateTimeOffset Time) Load(string id)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ConformanceIc, "certificates.json")));
        var f = doc.RootElement.GetProperty("fixtures").EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
        var effective = f.GetProperty("checks")[0].GetProperty("effective");
        var scope = effective.TryGetProperty("canister", out var c)
            ? CertificateScope.ForCanister(Principal.Parse(c.GetString()!))
            : CertificateScope.ForSubnet(Principal.Parse(effective.GetProperty("subnet").GetString()!));
        var time = DateTimeOffset.Parse(f.GetProperty("summary").GetProperty("time_iso").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return (Convert.FromHexString(f.GetProperty("certificate_hex").GetString()!), scope, time);
    }

    /// <summary>A verifier as a client holds one (mainnet root key, our shared BLS verifier with its parsed keys, the
    /// clock pinned at the certificate's time), meeting certificates it has not seen: see <see cref="UnseenSignatureBls"/>.</summary>
    public static CertificateVerifier Verifier(DateTimeOffset now) =>
        new(new UnseenSignatureBls(Bls12381Verifier.Shared), BlsPublicKey.MainnetRootKey, new CertificateVerifierOptions { TimeProvider = new FixedClock(now) });

    /// <summary>A verifier as a client starts (and as @icp-sdk/core works for every certificate): the root key parsed from
    /// its DER bytes, a BLS verifier with no parsed keys and no remembered signatures, no verified delegations.</summary>
    public static CertificateVerifier FreshVerifier(DateTimeOffset now) =>
        new(new Bls12381Verifier(), BlsPublicKey.FromDer(MainnetRootKeyDer), new CertificateVerifierOptions { TimeProvider = new FixedClock(now) });

    private static readonly byte[] MainnetRootKeyDer = BlsPublicKey.MainnetRootKey.Der.ToArray();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
