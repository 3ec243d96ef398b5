using System.Text.Json.Nodes;
using Icp.Testing;

namespace Icp.Candid.Benchmarks;

/// <summary>
/// The JavaScript speed anchor: @icp-sdk/core (the version tests/interop installs) timing the standard payloads of
/// ../shared/bench/candid-js on request, in a long-lived node process (tests/interop/candid-bench.mjs), so that
/// its timings and ours alternate within one run. The encoded messages it writes are the bytes ours decode.
/// </summary>
public sealed class JsAnchor : IDisposable
{
    private readonly NodeTimer _node;

    private JsAnchor(NodeTimer node, IReadOnlyList<(string Payload, long Bytes)> payloads, string outDir, string description)
    {
        _node = node;
        Description = description;
        Payloads = payloads;
        OutDirectory = outDir;
    }

    /// <summary>The payloads it encoded, with the length of each message.</summary>
    public IReadOnlyList<(string Payload, long Bytes)> Payloads { get; }

    /// <summary>Where the messages are: &lt;payload&gt;.bin and &lt;payload&gt;.types.</summary>
    public string OutDirectory { get; }

    /// <summary>What runs: "@icp-sdk/core VERSION on node VERSION".</summary>
    public string Description { get; }

    /// <summary>The shared anchor: ../shared/bench/candid-js beside the repository.</summary>
    public static string BenchDirectory => Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "bench", "candid-js"));

    /// <summary>
    /// Starts the driver, which encodes the payloads into <paramref name="outDir"/>. The shared payloads.mjs is reached
    /// through a link in tests/interop/.anchor (the shared folder is read-only and has no node_modules).
    /// </summary>
    public static JsAnchor Start(string outDir)
    {
        var target = Path.Combine(BenchDirectory, "payloads.mjs");
        if (!File.Exists(target)) throw new InvalidOperationException($"the JavaScript anchor is missing: no {target}");
        var links = Path.Combine(RepositoryPaths.Root, "tests", "interop", ".anchor");
        Directory.CreateDirectory(links);
        var link = Path.Combine(links, "payloads.mjs");
        File.Delete(link); // no error when absent; removes a stale or dangling link
        File.CreateSymbolicLink(link, target);

        outDir = Path.GetFullPath(outDir);
        var (node, ready) = NodeTimer.Start("candid-bench.mjs", [outDir], "--preserve-symlinks");
        var payloads = ready["payloads"]!.AsArray()
            .Select(p => (p!["payload"]!.GetValue<string>(), p["bytes"]!.GetValue<long>()))
            .ToList();
        return new JsAnchor(node, payloads, outDir, $"@icp-sdk/core {NodeTimer.CoreVersion()} on node {ready["node"]}");
    }

    /// <summary>Milliseconds per IDL.encode (<paramref name="encode"/>) or IDL.decode of <paramref name="payload"/>:
    /// the mean over a loop of at least <paramref name="windowMs"/>, after one warm-up run.</summary>
    public double Time(string payload, bool encode, int windowMs) =>
        _node.Request(new JsonObject { ["payload"] = payload, ["op"] = encode ? "encode" : "decode", ["ms"] = windowMs })["ms"]!.GetValue<double>();

    /// <inheritdoc />
    public void Dispose() => _node.Dispose();
}
