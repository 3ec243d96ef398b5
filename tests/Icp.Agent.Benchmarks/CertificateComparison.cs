using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Icp.Testing;

namespace Icp.Agent.Benchmarks;

/// <summary>
/// Certificate verification, ours beside @icp-sdk/core within one run: each round times, per certificate, the
/// JavaScript agent (tests/interop/cert-bench.mjs, a long-lived node process; it starts fresh for every certificate),
/// ours with a fresh verifier per certificate (the like-for-like case) and ours with one verifier kept across the run
/// (the cached case), back to back; the order alternates by round. Each timing is the median of single
/// verifications over a window.
/// </summary>
public static class CertificateComparison
{
    /// <summary>Runs the rounds; returns the report as markdown and the lines the README quotes.</summary>
    public static (string Markdown, IReadOnlyList<string> ReadmeLines) Run(int rounds, int windowMs, TextWriter progress)
    {
        var (node, ready) = NodeTimer.Start("cert-bench.mjs", [
            Path.Combine(CertificateFixtures.ConformanceIc, "certificates.json"),
            Path.Combine(CertificateFixtures.ConformanceIc, "root_key.json")]);
        using var js = node;
        var certificates = CertificateFixtures.Ids.Select(id =>
        {
            var (cert, scope, time) = CertificateFixtures.Load(id);
            var kept = CertificateFixtures.Verifier(time);
            kept.Verify(cert, scope);
            int bls = Icp.Agent.Certification.Certificate.Decode(cert).Delegation is null ? 1 : 2;
            return (Id: id, Bls: bls,
                Fresh: (Action)(() => CertificateFixtures.FreshVerifier(time).Verify(cert, scope)),
                Kept: (Action)(() => kept.Verify(cert, scope)),
                FreshStats: new InterleavedStats(), KeptStats: new InterleavedStats());
        }).ToList();

        for (int round = 0; round < rounds; round++)
        {
            foreach (var c in certificates)
            {
                double theirs, fresh, kept;
                if (round % 2 == 0)
                {
                    theirs = TimeJs(js, c.Id, windowMs);
                    fresh = MedianMs(c.Fresh, windowMs);
                    kept = MedianMs(c.Kept, windowMs);
                }
                else
                {
                    kept = MedianMs(c.Kept, windowMs);
                    fresh = MedianMs(c.Fresh, windowMs);
                    theirs = TimeJs(js, c.Id, windowMs);
                }
                c.FreshStats.Add(theirs, fresh);
                c.KeptStats.Add(theirs, kept);
            }
            progress.WriteLine($"round {round + 1}/{rounds} done");
        }

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"""
            # Certificate verification: ours beside @icp-sdk/core, interleaved

            Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores (.NET {Environment.Version}; @icp-sdk/core {NodeTimer.CoreVersion()} on node {ready["node"]}):
            {rounds} rounds; in each, per certificate, @icp-sdk/core and both cases of ours timed back to back (the order
            alternates), each the median of full verifications (CBOR, tree, delegation, canister range, BLS) of a real
            mainnet certificate over at least {windowMs} ms. Medians over the rounds; × is @icp-sdk/core's time over ours,
            the median of the per-round ratios with their range.

            ## Fresh: like for like

            @icp-sdk/core starts fresh for every certificate; so does ours here: a new verifier per certificate, the root
            key parsed from its bytes, no parsed subnet keys, no verified delegation, no remembered signature.

            | certificate | BLS signatures | @icp-sdk/core, median | ours, fresh, median | × median (min–max) |
            | --- | ---: | ---: | ---: | ---: |
            """);
        foreach (var c in certificates)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Id} | {c.Bls} | {InterleavedStats.Ms(c.FreshStats.TheirsMedian)} | {InterleavedStats.Ms(c.FreshStats.OursMedian)} | {c.FreshStats.RatioText} |");
        }
        md.AppendLine("""

            A delegated certificate's two signatures (the delegation's and its own) are checked in one pairing product
            (random weights, one final exponentiation).

            ## Cached: a verifier kept across certificates

            A client keeps one verifier. It remembers verified delegations (by the hash of their bytes), so later
            certificates from that subnet need one signature check, and parsed public keys (root and subnet). Here it
            verifies a certificate from a subnet it knows whose signature it has not seen (`UnseenSignatureBls`: the
            same certificate again would be answered from the signatures it remembers, with no pairing at all). Not
            like for like: @icp-sdk/core's column is the fresh one from above.

            | certificate | @icp-sdk/core (fresh), median | ours, kept verifier, median | × median (min–max) |
            | --- | ---: | ---: | ---: |
            """);
        foreach (var c in certificates)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Id} | {InterleavedStats.Ms(c.KeptStats.TheirsMedian)} | {InterleavedStats.Ms(c.KeptStats.OursMedian)} | {c.KeptStats.RatioText} |");
        }
        md.AppendLine();
        md.AppendLine("Reproduce: `tests/run-js-comparison.sh` (or `dotnet run -c Release --project tests/Icp.Agent.Benchmarks -- compare MARKDOWN [ROUNDS [WINDOW_MS]]` for this part alone).");

        var readme = certificates.SelectMany(c => new[]
        {
            $"Certificate {c.Id} ({c.Bls} BLS): fresh ours {InterleavedStats.Ms(c.FreshStats.OursMedian)}, @icp-sdk/core {InterleavedStats.Ms(c.FreshStats.TheirsMedian)}, {c.FreshStats.RatioText}",
            $"Certificate {c.Id} ({c.Bls} BLS): cached ours {InterleavedStats.Ms(c.KeptStats.OursMedian)} (kept verifier, known subnet, new signature)",
        }).ToList();
        return (md.ToString(), readme);
    }

    private static double TimeJs(NodeTimer js, string id, int windowMs) =>
        js.Request(new JsonObject { ["id"] = id, ["ms"] = windowMs })["median_ms"]!.GetValue<double>();

    /// <summary>The median of single runs of <paramref name="verify"/> over at least <paramref name="windowMs"/>
    /// (and at least 5 runs), after one warm-up run: as cert-bench.mjs times.</summary>
    private static double MedianMs(Action verify, int windowMs)
    {
        verify();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalMilliseconds < windowMs || times.Count < 5)
        {
            long start = Stopwatch.GetTimestamp();
            verify();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
