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

BenchmarkSwitcher.FromAssembly(typeof(JsAnchor).Assembly).Run(args);
return 0;
