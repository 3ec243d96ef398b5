using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Icp.Testing;

/// <summary>
/// A long-lived node process under tests/interop that times JavaScript on request: one JSON line in, one JSON line
/// out. Benchmarks keep it alive across rounds so that each of its timings meets a warm JIT, as ours do, and can be
/// alternated with ours within one run (machine load then moves both sides alike).
/// </summary>
internal sealed class NodeTimer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    /// <summary>Starts <c>node [nodeOptions] script args</c> in tests/interop and returns its first line (its ready message).</summary>
    public static (NodeTimer Timer, JsonNode Ready) Start(string script, IEnumerable<string> args, params string[] nodeOptions)
    {
        var interop = Path.Combine(RepositoryPaths.Root, "tests", "interop");
        if (!File.Exists(Path.Combine(interop, "node_modules", "@icp-sdk", "core", "package.json")))
            throw new InvalidOperationException($"@icp-sdk/core is not installed: run `npm ci --prefix tests/interop` in {RepositoryPaths.Root}");
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = interop,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var o in nodeOptions) psi.ArgumentList.Add(o);
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var timer = new NodeTimer(Process.Start(psi) ?? throw new InvalidOperationException("cannot start node"));
        return (timer, timer.ReadLine());
    }

    private NodeTimer(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) if (_stderr.Length < 16_000) _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>The version of @icp-sdk/core installed in tests/interop.</summary>
    public static string CoreVersion()
    {
        var package = Path.Combine(RepositoryPaths.Root, "tests", "interop", "node_modules", "@icp-sdk", "core", "package.json");
        return JsonNode.Parse(File.ReadAllText(package))?["version"]?.GetValue<string>() ?? "(unknown version)";
    }

    /// <summary>Sends one request and returns the answer.</summary>
    public JsonNode Request(JsonObject request)
    {
        _process.StandardInput.WriteLine(request.ToJsonString());
        _process.StandardInput.Flush();
        return ReadLine();
    }

    private JsonNode ReadLine()
    {
        var line = _process.StandardOutput.ReadLine();
        if (line is null)
        {
            _process.WaitForExit(5000);
            lock (_stderr) throw new InvalidOperationException($"node ended unexpectedly; stderr:\n{_stderr}");
        }
        var node = JsonNode.Parse(line) ?? throw new InvalidOperationException($"node answered {line}");
        if (node["error"] is { } error) throw new InvalidOperationException($"node: {error}");
        return node;
    }

    /// <summary>Closes its input (it exits at end of input) and waits for it.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000)) _process.Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
