using System.Globalization;
using System.Text;
using System.Text.Json;
using Icp.Interop.Tests;

namespace Icp.Candid.Benchmarks;

/// <summary>One payload as timed by @icp-sdk/core, with the files holding its encoded bytes and Candid types.</summary>
/// <param name="Payload">The payload's name (icrc3-blocks-10k, transfers-10k, blob-1mib).</param>
/// <param name="Bytes">Length of the encoded message.</param>
/// <param name="EncodeMs">Milliseconds per IDL.encode.</param>
/// <param name="DecodeMs">Milliseconds per IDL.decode.</param>
/// <param name="BinPath">OUT/&lt;payload&gt;.bin: the message JavaScript encoded.</param>
/// <param name="TypesPath">OUT/&lt;payload&gt;.types: type definitions, then the argument sequence.</param>
public sealed record JsAnchorRow(string Payload, long Bytes, double EncodeMs, double DecodeMs, string BinPath, string TypesPath);

/// <summary>
/// The JavaScript speed anchor: runs ../shared/bench/candid-js/bench.mjs with the @icp-sdk/core that
/// tests/interop installs (that folder is read-only, so nothing is installed there), and reads its rows.
/// </summary>
public static class JsAnchor
{
    /// <summary>The shared anchor: ../shared/bench/candid-js beside the repository.</summary>
    public static string BenchDirectory(string repoRoot) =>
        Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "bench", "candid-js"));

    /// <summary>
    /// Runs bench.mjs into <paramref name="outDir"/> (made if missing) and returns its rows. The script
    /// is reached through symbolic links in tests/interop/.anchor, started with --preserve-symlinks, so
    /// that its imports resolve to tests/interop/node_modules.
    /// </summary>
    public static async Task<IReadOnlyList<JsAnchorRow>> RunAsync(string outDir, string? repoRoot = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        repoRoot ??= Icp.Testing.RepositoryPaths.Root;
        var bench = BenchDirectory(repoRoot);
        var interop = Path.Combine(repoRoot, "tests", "interop");
        if (!File.Exists(Path.Combine(interop, "node_modules", "@icp-sdk", "core", "package.json")))
        {
            throw new InteropToolException($"@icp-sdk/core is not installed: run `npm ci --prefix tests/interop` in {repoRoot}");
        }

        var links = Path.Combine(interop, ".anchor");
        Directory.CreateDirectory(links);
        foreach (var name in new[] { "bench.mjs", "payloads.mjs" })
        {
            var target = Path.Combine(bench, name);
            if (!File.Exists(target))
            {
                throw new InteropToolException($"the JavaScript anchor is missing: no {target}");
            }

            var link = Path.Combine(links, name);
            File.Delete(link); // no error when absent; removes a stale or dangling link
            File.CreateSymbolicLink(link, target);
        }

        outDir = Path.GetFullPath(outDir);
        Directory.CreateDirectory(outDir);
        var result = await ToolProcess.RunAsync(
            "node",
            ["--preserve-symlinks", "--preserve-symlinks-main", Path.Combine(links, "bench.mjs"), outDir],
            timeout ?? TimeSpan.FromMinutes(5),
            interop,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var lastLine = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InteropToolException($"bench.mjs printed nothing; stderr:\n{result.Stderr}");
        return Parse(lastLine, outDir);
    }

    /// <summary>Reads bench.mjs's JSON rows: [{"payload":..,"bytes":..,"encode_ms":..,"decode_ms":..}, ...].</summary>
    public static IReadOnlyList<JsAnchorRow> Parse(string json, string outDir)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(r =>
        {
            var name = r.GetProperty("payload").GetString() ?? throw new InteropToolException("row without payload");
            return new JsAnchorRow(
                name,
                r.GetProperty("bytes").GetInt64(),
                r.GetProperty("encode_ms").GetDouble(),
                r.GetProperty("decode_ms").GetDouble(),
                Path.Combine(outDir, name + ".bin"),
                Path.Combine(outDir, name + ".types"));
        }).ToList();
    }

    /// <summary>The rows as a markdown table.</summary>
    public static string ToMarkdown(IReadOnlyList<JsAnchorRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| payload | bytes | encode ms | decode ms | encode MB/s | decode MB/s |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Payload} | {r.Bytes} | {r.EncodeMs:0.###} | {r.DecodeMs:0.###} | {r.Bytes / 1e3 / r.EncodeMs:0.#} | {r.Bytes / 1e3 / r.DecodeMs:0.#} |");
        }

        return sb.ToString();
    }
}
