using System.Diagnostics;
using System.Globalization;
using System.Text;
using Icp.Testing;

namespace Icp.Candid.Benchmarks;

/// <summary>
/// Ours beside @icp-sdk/core within one run: each round times, per payload and direction, the JavaScript agent and
/// our generated-code path back to back on the very same bytes (which goes first alternates by round), so that
/// machine load moves both sides of a ratio alike. Both sides time the same way: the mean over a loop of at least
/// the window, after a warm-up run.
/// </summary>
public static class InterleavedComparison
{
    /// <summary>Runs <paramref name="rounds"/> rounds and returns the results as markdown (the report), with the
    /// lines the README quotes.</summary>
    public static (string Markdown, IReadOnlyList<string> ReadmeLines) Run(string outDir, int rounds, int windowMs, TextWriter progress)
    {
        using var js = JsAnchor.Start(outDir);
        var codecs = js.Payloads.Select(p =>
        {
            var codec = new CodecBenchmarks { Payload = p.Payload };
            codec.Setup(File.ReadAllBytes(Path.Combine(js.OutDirectory, p.Payload + ".bin")));
            return (p.Payload, p.Bytes, Codec: codec);
        }).ToList();
        var stats = codecs.SelectMany(_ => new[] { new InterleavedStats(), new InterleavedStats() }).ToArray();

        for (int round = 0; round < rounds; round++)
        {
            for (int p = 0; p < codecs.Count; p++)
            {
                foreach (bool encode in new[] { false, true })
                {
                    var codec = codecs[p].Codec;
                    Func<object> ours = encode ? codec.EncodeTyped : codec.DecodeTyped;
                    double theirsMs, oursMs;
                    if (round % 2 == 0)
                    {
                        theirsMs = js.Time(codecs[p].Payload, encode, windowMs);
                        oursMs = MeanMs(ours, windowMs);
                    }
                    else
                    {
                        oursMs = MeanMs(ours, windowMs);
                        theirsMs = js.Time(codecs[p].Payload, encode, windowMs);
                    }
                    stats[2 * p + (encode ? 1 : 0)].Add(theirsMs, oursMs);
                }
            }
            progress.WriteLine($"round {round + 1}/{rounds} done");
        }

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"""
            # Candid codec: ours beside @icp-sdk/core, interleaved

            Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores (.NET {Environment.Version}; {js.Description}):
            {rounds} rounds; in each, per payload and direction, the JavaScript agent and ours timed back to back on the same
            bytes (which side goes first alternates), each the mean over at least {windowMs} ms after a warm-up run. "Ours" is
            the code the generator emits for the payloads' types (`Payloads/payloads.did`), as a generated client calls it;
            a blob is decoded into a new `byte[]`. × is @icp-sdk/core's time over ours, the median of the per-round ratios
            with their range.

            | payload (bytes) | direction | @icp-sdk/core, median | ours, median | × median (min–max) |
            | --- | --- | ---: | ---: | ---: |
            """);
        var readme = new List<string>();
        for (int p = 0; p < codecs.Count; p++)
        {
            foreach (bool encode in new[] { false, true })
            {
                var s = stats[2 * p + (encode ? 1 : 0)];
                string direction = encode ? "encode" : "decode";
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {codecs[p].Payload} ({codecs[p].Bytes:N0}) | {direction} | {InterleavedStats.Ms(s.TheirsMedian)} | {InterleavedStats.Ms(s.OursMedian)} | {s.RatioText} |");
                readme.Add($"Candid {codecs[p].Payload} {direction}: ours {InterleavedStats.Ms(s.OursMedian)}, @icp-sdk/core {InterleavedStats.Ms(s.TheirsMedian)}, {s.RatioText}");
            }
        }
        md.AppendLine();
        md.AppendLine("Reproduce: `tests/run-js-comparison.sh` (or `tests/Icp.Candid.Benchmarks/run.sh` for the Candid part alone).");
        return (md.ToString(), readme);
    }

    /// <summary>Milliseconds per call of <paramref name="run"/>: one warm-up call, then the mean over a loop of at
    /// least <paramref name="windowMs"/> (as the JavaScript side times).</summary>
    public static double MeanMs(Func<object> run, int windowMs)
    {
        run();
        int n = 0;
        var watch = Stopwatch.StartNew();
        do
        {
            run();
            n++;
        }
        while (watch.Elapsed.TotalMilliseconds < windowMs);
        return watch.Elapsed.TotalMilliseconds / n;
    }
}
