using System.Globalization;
using BenchmarkDotNet.Running;
using Icp.Candid.Benchmarks;

// `anchor OUT_DIR [MARKDOWN_FILE]` runs the JavaScript anchor; anything else goes to BenchmarkDotNet
// (e.g. `--filter '*'`). run.sh does both and writes docs/benchmarks/.
if (args is ["anchor", var outDir, .. var rest])
{
    var rows = await JsAnchor.RunAsync(outDir);
    var table = JsAnchor.ToMarkdown(rows);
    Console.Write(table);
    if (rest is [var markdown])
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"# JavaScript anchor: @icp-sdk/core on the standard payloads\n\nMeasured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores by ../shared/bench/candid-js/bench.mjs (run.sh).\n\n{table}");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdown))!);
        await File.WriteAllTextAsync(markdown, text);
    }

    return 0;
}

// `quick` times each codec benchmark with a stopwatch: a fast check while working, not the recorded numbers.
if (args is ["quick", ..])
{
    foreach (var payload in CodecBenchmarks.Payloads())
    {
        var b = new CodecBenchmarks { Payload = payload };
        b.Setup();
        foreach (var (name, run) in new (string, Func<object>)[] { ("decode typed", b.DecodeTyped), ("decode no-copy", b.DecodeTypedZeroCopy), ("encode typed", b.EncodeTyped), ("encode into buffer", () => b.EncodeTypedIntoBuffer()), ("decode values", b.DecodeValues), ("encode values", b.EncodeValues) })
        {
            for (int i = 0; i < 3; i++) run();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            int n = 0;
            while (sw.ElapsedMilliseconds < 1000) { run(); n++; }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{payload,-18} {name,-14} {sw.Elapsed.TotalMilliseconds / n,10:F3} ms"));
        }
    }
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(JsAnchor).Assembly).Run(args);
return 0;
