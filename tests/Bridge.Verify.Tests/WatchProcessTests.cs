using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bridge.Client.Http;
using Bridge.Client.Keys;
using Bridge.Client.Models;
using Bridge.Client.Signing;
using Bridge.Client.Tests;
using Bridge.Core.Receipts;
using Bridge.Service;
using Bridge.Verify.Cli;
using Icp.Agent.Identities;

namespace Bridge.Verify.Tests;

/// <summary>
/// <c>bridge-verify --watch</c> as the long-running process it is in use: the tool's own executable started as a child
/// process against a real <c>--dev</c> bridge, following batches cut while it runs, stopped by SIGTERM, exiting 0 with
/// its report written, and resuming from that report. Not SIGINT: a test run started in the background (as CI scripts
/// do) hands its children SIGINT ignored, and .NET then leaves it ignored; SIGTERM is what a service manager sends.
/// </summary>
public sealed partial class WatchProcessTests
{
    [Fact]
    public async Task Watch_follows_new_batches_stops_cleanly_on_a_signal_with_its_report_and_a_rerun_resumes_from_it()
    {
        // Long epochs: nothing settles while the test runs, so the watch follows batches only.
        await using var dev = await DevBridge.StartAsync("--Bridge:EpochLength=1.00:00:00");
        using var http = new HttpClient();
        var bridge = new BridgeClient(http, new BridgeClientOptions { BaseAddress = dev.Address });
        var info = await bridge.GetInfoAsync();
        var node = BridgeKey.GenerateEd25519();
        await bridge.RegisterNodeAsync(NodeRegistrations.Sign(node, info.NetworkId, BridgeKey.GenerateEd25519().Principal));
        var requester = BridgeKey.GenerateEd25519();

        string report = Path.Combine(dev.Directory, "watch-report.json"), identity = Path.Combine(dev.Directory, "watcher.pem");
        await File.WriteAllTextAsync(identity, Ed25519Identity.Generate().ToPem());
        string[] args = ["--bridge", dev.Address.ToString(), "--ic", info.ReplicaUrl.ToString(), "--rollup", info.RollupCanister.ToString(), "--fetch-root-key",
            "--report", report, "--identity", identity, "--watch", "--interval", "0.5"];

        await using (var watch = VerifierProcess.Start(args))
        {
            // Three batches cut one after another while the watch runs: its progress shows each verified as it arrives.
            for (int n = 1; n <= 3; n++)
            {
                var receipt = ReceiptSigning.SignAsProvider(new Receipt
                {
                    NetworkId = info.NetworkId, ReceiptId = $"w-{n}", TaskId = $"t-{n}", Provider = node.Principal, Requester = requester.Principal,
                    Workload = "llm-inference", GpuModel = "H100", GpuSeconds = 30, StartedAtNs = NowNs() - 65_000_000_000, EndedAtNs = NowNs() - 5_000_000_000,
                    FeeToken = info.RewardLedger, FeeAmount = 1000, ResultHash = new byte[32], ProviderSignature = [],
                }, node);
                Assert.True((await bridge.SubmitReceiptAsync(receipt)).IsNew);
                await watch.WaitForErrorLineAsync(line => HoldsUpTo(line) >= n, TimeSpan.FromMinutes(2));
            }
            Assert.False(watch.HasExited, "the watch ended on its own");
            watch.Signal(VerifierProcess.SigTerm);
            Assert.Equal(VerifyCommand.Holds, await watch.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("OK: every fact holds", watch.Output);
        }

        var written = JsonNode.Parse(await File.ReadAllTextAsync(report))!.AsObject();
        Assert.True((bool)written["ok"]!);
        ulong next = (ulong)written["position"]!["next_batch"]!;
        Assert.True(next >= 4, $"the report's position is batch {next}, before the three final batches");

        // The rerun resumes from the report (watching again) and finds every fact still holding.
        await using (var resumed = VerifierProcess.Start([.. args, "--resume"]))
        {
            await resumed.WaitForErrorLineAsync(line => line.Contains($"resuming at batch {next},", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
            await resumed.WaitForErrorLineAsync(line => HoldsUpTo(line) >= (long)next - 1, TimeSpan.FromMinutes(1));
            resumed.Signal(VerifierProcess.SigTerm);
            Assert.Equal(VerifyCommand.Holds, await resumed.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("OK: every fact holds", resumed.Output);
        }
        Assert.True((bool)JsonNode.Parse(await File.ReadAllTextAsync(report))!["ok"]!);
    }

    private static ulong NowNs() => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>The batch a watch round's progress line says all holds up to, or −1 for another line.</summary>
    private static long HoldsUpTo(string line) => WatchLine().Match(line) is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;

    [GeneratedRegex(@"watch: all holds up to batch (\d+) final")]
    private static partial Regex WatchLine();
}

/// <summary>The bridge-verify executable (its built dll under <c>dotnet</c>) as a child process, its output collected line by line.</summary>
internal sealed class VerifierProcess : IAsyncDisposable
{
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly List<string> _error = [];
    private readonly System.Text.StringBuilder _output = new();
    private readonly SemaphoreSlim _lines = new(0);

    private VerifierProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The tool's own build output (with its deps.json and runtimeconfig, which the copy beside the tests lacks), in the
    /// configuration the tests were built in.
    /// </summary>
    private static string ToolPath
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string path = Path.Combine(Icp.Testing.RepositoryPaths.Root, "src", "Bridge.Verify", "bin", framework.Parent!.Name, framework.Name, "Bridge.Verify.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"bridge-verify is not built at {path}");
        }
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static VerifierProcess Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ToolPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var self = new VerifierProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } d) lock (self._output) self._output.AppendLine(d); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (self._error) self._error.Add(e.Data);
            self._lines.Release();
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return self;
    }

    /// <summary>Waits for a line on stderr (progress) matching <paramref name="match"/>, seen before or arriving.</summary>
    public async Task WaitForErrorLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_error) if (_error.Any(match)) return;
            if (_process.HasExited) throw new InvalidOperationException($"bridge-verify exited ({_process.ExitCode}):\n{Transcript()}");
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no such progress line within {timeout}:\n{Transcript()}");
            await _lines.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"bridge-verify did not exit within {timeout} of the signal:\n{Transcript()}"); }
        return _process.ExitCode;
    }

    private string Transcript()
    {
        lock (_error) return "stderr:\n" + string.Join('\n', _error.TakeLast(40)) + "\nstdout:\n" + Output;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
