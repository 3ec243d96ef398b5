using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Icp.Interop.Tests;

/// <summary>
/// The official Internet Computer tools as references for our Candid code: the Rust encoder inside the
/// icp CLI (@icp-sdk/icp-cli-linux-x64) and the JavaScript codec of @icp-sdk/core, both installed by
/// <c>npm ci --prefix tests/interop</c>. Nothing here reaches a network.
/// </summary>
/// <remarks>
/// JSON conventions of the JavaScript side (see tests/interop/candid.mjs): values are an array with one
/// item per argument type; nat/int/nat64/int64 as decimal strings; smaller integers as numbers; blob as
/// hex; principal as text; opt as [] or [v]; records as objects (numeric labels as "_N_"), tuples as
/// arrays; variants as one-key objects. Thread-safe; JavaScript requests go one at a time to one
/// long-lived node process, icp runs are separate processes and may overlap.
/// </remarks>
public sealed class InteropTools : IDisposable
{
    /// <summary>The IC mainnet root key, DER, hex (266 characters): the icp CLI only records it in signed messages.</summary>
    public const string MainnetRootKeyHex =
        "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100814c0e6ec71fab583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0cd546d9685f913a0c0b2cc5341583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d14505ffd7484b01291091c5f87b98883463f98091a0baaae";

    /// <summary>A network URL where nothing listens: --sign-only never contacts it.</summary>
    public const string UnreachableNetwork = "http://127.0.0.1:1";

    private static readonly Lazy<InteropTools> SharedInstance = new(() => new InteropTools());

    private readonly SemaphoreSlim _jsLock = new(1, 1);
    private readonly StringBuilder _jsStderr = new();
    private Process? _js;

    /// <summary>Locates tests/interop under the repository root (found from <paramref name="repoRoot"/> or by walking up to Bridge.sln).</summary>
    /// <exception cref="InteropToolException">tests/interop/node_modules or a tool in it is missing.</exception>
    public InteropTools(string? repoRoot = null, TimeSpan? timeout = null)
    {
        RepoRoot = repoRoot ?? Icp.Testing.RepositoryPaths.Root;
        InteropDirectory = Path.Combine(RepoRoot, "tests", "interop");
        Timeout = timeout ?? TimeSpan.FromSeconds(60);
        var nodeModules = Path.Combine(InteropDirectory, "node_modules");
        IcpPath = Path.Combine(nodeModules, "@icp-sdk", "icp-cli-linux-x64", "bin", "icp");
        CandidScript = Path.Combine(InteropDirectory, "candid.mjs");
        var missing = new[] { Path.Combine(nodeModules, "@icp-sdk", "core", "package.json"), IcpPath, CandidScript }
            .Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new InteropToolException(
                $"The interop tools are not installed: missing {string.Join(", ", missing)}. " +
                $"Run `npm ci --prefix tests/interop` in {RepoRoot} (needs node and the npm registry).");
        }
    }

    /// <summary>One instance for the whole test run (its node process ends with the test host).</summary>
    public static InteropTools Shared => SharedInstance.Value;

    public string RepoRoot { get; }

    /// <summary>tests/interop: package.json, candid.mjs, node_modules.</summary>
    public string InteropDirectory { get; }

    /// <summary>The icp CLI binary shipped by @icp-sdk/icp-cli-linux-x64.</summary>
    public string IcpPath { get; }

    public string CandidScript { get; }

    /// <summary>The limit for one tool call.</summary>
    public TimeSpan Timeout { get; }

    private static IReadOnlyDictionary<string, string> IcpEnvironment { get; } = new Dictionary<string, string>
    {
        ["DO_NOT_TRACK"] = "1",
        ["RUST_BACKTRACE"] = "0",
        ["NO_COLOR"] = "1",
    };

    // ------------------------------------------------------------------ Rust (icp CLI)

    /// <summary>
    /// Signs an update call offline as the anonymous identity: <c>icp canister call CANISTER METHOD ARGS
    /// --candid F.did --sign-only - --network http://127.0.0.1:1 --root-key MAINNET</c>, and returns the
    /// JSON message it prints (format "icp-signed-message": request.envelope and request.status_check
    /// in base64 CBOR, request.request_id hex, summary.arg the Candid argument in base64).
    /// </summary>
    /// <param name="canisterId">Textual principal of the target canister.</param>
    /// <param name="method">Method name, which <paramref name="candidInterface"/> must declare.</param>
    /// <param name="candidInterface">Text of the .did file (with a <c>service : { ... }</c>).</param>
    /// <param name="args">The arguments, in Candid text, or hex with <paramref name="argsFormat"/> "hex".</param>
    /// <param name="argsFormat">"candid" (typed by the .did) or "hex" (taken as is, not checked).</param>
    /// <param name="query">Sign a query instead of an update.</param>
    public async Task<string> IcpSignOnly(
        string canisterId, string method, string candidInterface, string args,
        string argsFormat = "candid", bool query = false, CancellationToken cancellationToken = default)
    {
        var dir = Directory.CreateTempSubdirectory("icp-interop-");
        try
        {
            var did = Path.Combine(dir.FullName, "interface.did");
            await File.WriteAllTextAsync(did, candidInterface, cancellationToken).ConfigureAwait(false);
            var argv = new List<string>
            {
                "canister", "call", canisterId, method, args, "--args-format", argsFormat, "--candid", did,
                "--identity", "anonymous", "--sign-only", "-", "--network", UnreachableNetwork, "--root-key", MainnetRootKeyHex,
            };
            if (query)
            {
                argv.Add("--query");
            }

            var result = await ToolProcess.RunAsync(IcpPath, argv, Timeout, dir.FullName, IcpEnvironment, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return result.Stdout;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The Rust candid crate's encoding of <paramref name="textValue"/> at <paramref name="argTypes"/>.
    /// </summary>
    /// <param name="argTypes">The argument sequence, e.g. <c>(nat, opt text)</c>; a lone type gets parentheses.</param>
    /// <param name="didDefinitions">Type definitions the types use (<c>type T = ...;</c>), or "".</param>
    /// <param name="textValue">Candid text, e.g. <c>(42 : nat)</c>; a lone value gets parentheses.</param>
    public async Task<byte[]> EncodeWithRust(string argTypes, string didDefinitions, string textValue, CancellationToken cancellationToken = default)
    {
        var json = await IcpSignOnly("aaaaa-aa", "m", Interface(argTypes, didDefinitions), Parenthesize(textValue), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return Convert.FromBase64String(SignedMessageArg(json));
    }

    /// <summary>
    /// The Rust candid crate's text rendering of <paramref name="bytes"/>, typed by <paramref name="argTypes"/>,
    /// from <c>icp message send --dry-run</c>. Beware: where the bytes do not match the types the tool falls
    /// back to an untyped rendering (field names become hash numbers) instead of failing.
    /// </summary>
    public async Task<string> DecodeWithRust(string argTypes, string didDefinitions, byte[] bytes, CancellationToken cancellationToken = default)
    {
        var did = Interface(argTypes, didDefinitions);
        var message = await IcpSignOnly("aaaaa-aa", "m", did, Convert.ToHexStringLower(bytes), "hex", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var result = await ToolProcess.RunAsync(IcpPath, ["message", "send", "--dry-run", "-"], Timeout, InteropDirectory, IcpEnvironment, message, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return DryRunArgument(result.Stdout + "\n" + result.Stderr);
    }

    /// <summary>summary.arg (base64) of a message printed by <see cref="IcpSignOnly"/>.</summary>
    public static string SignedMessageArg(string signedMessageJson)
    {
        using var doc = JsonDocument.Parse(signedMessageJson);
        return doc.RootElement.GetProperty("summary").GetProperty("arg").GetString()
            ?? throw new InteropToolException("signed message without summary.arg");
    }

    private static string Interface(string argTypes, string didDefinitions) =>
        $"{didDefinitions}\nservice : {{ m : {Parenthesize(argTypes)} -> () }}\n";

    private static string Parenthesize(string text)
    {
        var t = text.Trim();
        return t.StartsWith('(') ? t : $"({t})";
    }

    private static string DryRunArgument(string output)
    {
        // "  Argument:    (42 : nat)" or a multi-line value, followed by "  Network: ...".
        var lines = output.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("Argument:", StringComparison.Ordinal));
        if (start < 0)
        {
            throw new InteropToolException($"no Argument in the output of icp message send --dry-run:\n{output}");
        }

        var sb = new StringBuilder(lines[start].TrimStart()["Argument:".Length..].Trim());
        for (var i = start + 1; i < lines.Length && !lines[i].TrimStart().StartsWith("Network:", StringComparison.Ordinal); i++)
        {
            sb.Append('\n').Append(lines[i].TrimEnd());
        }

        return sb.ToString().Trim();
    }

    // ------------------------------------------------------------------ JavaScript (@icp-sdk/core)

    /// <summary>@icp-sdk/core's encoding of <paramref name="valueJson"/> (an array, one item per type) at <paramref name="typesText"/>.</summary>
    /// <param name="typesText">Optional <c>type X = ...;</c> definitions, then the argument sequence, e.g. <c>(vec X)</c>.</param>
    /// <param name="valueJson">The values in the JSON conventions of candid.mjs, e.g. <c>["42"]</c>.</param>
    public async Task<byte[]> EncodeWithJs(string typesText, string valueJson, CancellationToken cancellationToken = default)
    {
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(valueJson);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"valueJson is not JSON: {e.Message}", nameof(valueJson), e);
        }

        var request = new JsonObject { ["op"] = "encode", ["types"] = typesText, ["value"] = value };
        var response = await JsRequest(request, cancellationToken).ConfigureAwait(false);
        return Convert.FromHexString(response["hex"]!.GetValue<string>());
    }

    /// <summary>@icp-sdk/core's decoding of <paramref name="bytes"/> at <paramref name="typesText"/>, rendered as compact JSON (an array).</summary>
    public async Task<string> DecodeWithJs(string typesText, byte[] bytes, CancellationToken cancellationToken = default)
    {
        var request = new JsonObject { ["op"] = "decode", ["types"] = typesText, ["hex"] = Convert.ToHexStringLower(bytes) };
        var response = await JsRequest(request, cancellationToken).ConfigureAwait(false);
        return response["value"]!.ToJsonString();
    }

    private async Task<JsonNode> JsRequest(JsonObject request, CancellationToken cancellationToken)
    {
        await _jsLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var js = _js is { HasExited: false } ? _js : StartJs();
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(Timeout);
            string? line;
            try
            {
                await js.StandardInput.WriteLineAsync(request.ToJsonString().AsMemory(), cts.Token).ConfigureAwait(false);
                await js.StandardInput.FlushAsync(cts.Token).ConfigureAwait(false);
                line = await js.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                StopJs();
                cancellationToken.ThrowIfCancellationRequested();
                throw new InteropToolException($"candid.mjs serve failed or timed out after {Timeout.TotalSeconds:0.#} s: {e.Message}; stderr:\n{JsStderr()}", e);
            }

            if (line is null)
            {
                StopJs();
                throw new InteropToolException($"candid.mjs serve ended unexpectedly; stderr:\n{JsStderr()}");
            }

            var response = JsonNode.Parse(line) ?? throw new InteropToolException($"candid.mjs answered {line}");
            if (response["ok"]?.GetValue<bool>() != true)
            {
                throw new InteropToolException($"candid.mjs: {response["error"]?.GetValue<string>() ?? line}");
            }

            return response;
        }
        finally
        {
            _jsLock.Release();
        }
    }

    private Process StartJs()
    {
        StopJs();
        lock (_jsStderr)
        {
            _jsStderr.Clear();
        }

        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InteropDirectory,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        psi.ArgumentList.Add(CandidScript);
        psi.ArgumentList.Add("serve");
        var process = new Process { StartInfo = psi };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_jsStderr)
            {
                if (_jsStderr.Length < 16_000)
                {
                    _jsStderr.AppendLine(e.Data);
                }
            }
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InteropToolException($"cannot start node (is Node.js installed and on PATH?): {e.Message}", e);
        }

        process.BeginErrorReadLine();
        _js = process;
        return process;
    }

    private string JsStderr()
    {
        lock (_jsStderr)
        {
            return _jsStderr.ToString();
        }
    }

    private void StopJs()
    {
        if (_js is null)
        {
            return;
        }

        try
        {
            if (!_js.HasExited)
            {
                _js.Kill(entireProcessTree: true);
                _js.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _js.Dispose();
        _js = null;
    }

    public void Dispose()
    {
        _jsLock.Wait();
        try
        {
            StopJs();
        }
        finally
        {
            _jsLock.Release();
        }
    }
}
