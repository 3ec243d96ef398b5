using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Icp.Candid.Benchmarks;

// `compare OUT_DIR MARKDOWN_FILE [ROUNDS [WINDOW_MS]]`: ours and the JavaScript anchor interleaved within one run
// (InterleavedComparison); the lines the README quotes are printed last, each prefixed "README: ".
// `quick OUT_DIR`: a stopwatch check of each codec benchmark while working, not the recorded numbers.
// Anything else goes to BenchmarkDotNet (e.g. `--filter '*'`). run.sh does compare, then BenchmarkDotNet.
if (args is ["compare", var outDir, var markdown, .. var rest])
{
    int rounds = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 15;
    int windowMs = rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 1000;
    var (text, readme) = InterleavedComparison.Run(outDir, rounds, windowMs, Console.Error);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdown))!);
    await File.WriteAllTextAsync(markdown, text);
    Console.Write(text);
    foreach (var line in readme) Console.WriteLine("README: " + line);
    return 0;
}

if (args is ["quick", var anchorDir, ..])
{
    foreach (var payload in CodecBenchmarks.Payloads())
    {
        var b = new CodecBenchmarks { Payload = payload };
        b.Setup(File.ReadAllBytes(Path.Combine(anchorDir, payload + ".bin")));
        foreach (var (name, run) in new (string, Func<object>)[] { ("decode typed", b.DecodeTyped), ("decode no-copy", b.DecodeTypedZeroCopy), ("decode hand", b.DecodeHandWritten), ("encode typed", b.EncodeTyped), ("encode into buffer", () => b.EncodeTypedIntoBuffer()), ("encode hand", b.EncodeHandWritten), ("decode values", b.DecodeValues), ("encode values", b.EncodeValues) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{payload,-18} {name,-18} {InterleavedComparison.MeanMs(run, 1000),10:F3} ms"));
        }
    }
    return 0;
}

// BenchmarkDotNet builds its own copy of this project, which runs the code generator and the tool it needs: more
// than its default two minutes on a loaded machine.
BenchmarkSwitcher.FromAssembly(typeof(CodecBenchmarks).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15)));
return 0;
