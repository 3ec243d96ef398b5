using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Running;
using Icp.Agent.Benchmarks;

// `compare [MARKDOWN]`: median time per certificate verification, ours and the JavaScript agent's
// (@icp-sdk/core, tests/interop/cert-bench.mjs) on the same certificates in the same run.
// Anything else goes to BenchmarkDotNet.
if (args is ["compare", .. var rest])
{
    var root = CertificateFixtures.RepoRoot();
    var js = RunJs(root);
    var sb = new StringBuilder();
    sb.AppendLine(CultureInfo.InvariantCulture, $"# Certificate verification: ours beside @icp-sdk/core\n\nMeasured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({RuntimeInfo()}), median of repeated full verifications (CBOR, tree, delegation, canister range, BLS) of real mainnet certificates. Reproduce: `dotnet run -c Release --project tests/Icp.Agent.Benchmarks -- compare`.\n");
    sb.AppendLine("| certificate | BLS checks | ours, median ms | ours, first from its subnet (no cached delegation) | @icp-sdk/core, median ms | speed-up |");
    sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
    foreach (var id in CertificateFixtures.Ids)
    {
        var (cert, scope, time) = CertificateFixtures.Load(id);
        var verifier = CertificateFixtures.Verifier(time);
        int bls = Icp.Agent.Certification.Certificate.Decode(cert).Delegation is null ? 1 : 2;
        var ours = Median(() => verifier.Verify(cert, scope));
        var cold = Median(() => CertificateFixtures.Verifier(time).Verify(cert, scope));
        var theirs = js[id];
        sb.AppendLine(CultureInfo.InvariantCulture, $"| {id} | {bls} | {ours:F3} | {cold:F3} | {theirs:F3} | {theirs / ours:F1}x |");
    }
    sb.AppendLine("\nA client keeps one verifier. The first certificate from a subnet has its delegation's and its own signature checked together in one pairing product (random weights, one final exponentiation); the verified delegation is remembered by the hash of its bytes, so later certificates from that subnet need one signature check. Parsed public keys (root and subnet) are kept too. @icp-sdk/core checks both signatures every time.");
    Console.Write(sb);
    if (rest is [var markdown]) File.WriteAllText(markdown, sb.ToString());
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(CertificateFixtures).Assembly).Run(args);
return 0;

static double Median(Action verify)
{
    for (int i = 0; i < 20; i++) verify();
    var times = new List<double>();
    var total = Stopwatch.StartNew();
    while (total.ElapsedMilliseconds < 3000 || times.Count < 50)
    {
        long start = Stopwatch.GetTimestamp();
        verify();
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
    times.Sort();
    return times[times.Count / 2];
}

static Dictionary<string, double> RunJs(string root)
{
    var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(root, "tests", "interop") };
    psi.ArgumentList.Add("cert-bench.mjs");
    psi.ArgumentList.Add(Path.Combine(CertificateFixtures.ConformanceIc, "certificates.json"));
    psi.ArgumentList.Add(Path.Combine(CertificateFixtures.ConformanceIc, "root_key.json"));
    foreach (var id in CertificateFixtures.Ids) psi.ArgumentList.Add(id);
    using var p = Process.Start(psi)!;
    string output = p.StandardOutput.ReadToEnd();
    string error = p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"cert-bench.mjs failed (run npm ci --prefix tests/interop first): {error}");
    using var doc = JsonDocument.Parse(output);
    return doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("median_ms").GetDouble());
}

static string RuntimeInfo() => $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}";
