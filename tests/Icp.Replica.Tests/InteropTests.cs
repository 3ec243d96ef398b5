using System.Diagnostics;
using System.Text.Json;

namespace Icp.Replica.Tests;

/// <summary>
/// The official clients against our replica over HTTP: the icp CLI 1.5.0 (agent-rs) creates a canister (through the
/// built-in cycles ledger), installs a Motoko wasm and calls it; @icp-sdk/core makes a certified update call and a
/// verified query. Both fetch the root key from /api/v2/status. Needs <c>npm ci --prefix tests/interop</c>.
/// </summary>
public sealed class InteropTests
{
    private static readonly string RepoRoot = global::Icp.Testing.RepositoryPaths.Root;
    private static readonly string InteropDir = Path.Combine(RepoRoot, "tests", "interop");
    private static readonly string Icp = Path.Combine(InteropDir, "node_modules", "@icp-sdk", "icp-cli-linux-x64", "bin", "icp");

    [Fact]
    public async Task The_icp_cli_creates_installs_and_calls_a_canister()
    {
        await using var ic = await HttpReplica.StartAsync();
        string home = Directory.CreateTempSubdirectory("icp-home-").FullName;
        try
        {
            string[] network = ["--network", ic.Url!.ToString().TrimEnd('/'), "--root-key", "fetch"];
            string id = (await RunAsync(Icp, home, ["canister", "create", "--detached", "-q", .. network])).Trim();
            var canister = Principal.Parse(id);
            Assert.True(ic.CanisterExists(canister));

            var code = await MotokoCompiler.CompileAsync("Counter");
            string wasm = Path.Combine(home, "counter.wasm");
            await File.WriteAllBytesAsync(wasm, code.Wasm);
            await RunAsync(Icp, home, ["canister", "install", id, "--wasm", wasm, .. network]);
            Assert.Equal(code.Wasm.Length > 0, ic.GetModuleHash(canister) is not null);

            Assert.Equal("(1 : nat)", (await RunAsync(Icp, home, ["canister", "call", id, "inc", "()", .. network])).Trim());
            Assert.Equal("(11 : nat)", (await RunAsync(Icp, home, ["canister", "call", id, "add", "(10)", .. network])).Trim());
            Assert.Equal("(11 : nat)", (await RunAsync(Icp, home, ["canister", "call", id, "get", "()", "--query", .. network])).Trim());
            Assert.Equal(11UL, await ic.QueryCallAsync(canister, "get", TestReplica.NoArgs).NatAsync());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task The_javascript_agent_makes_certified_calls_and_verified_queries()
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        string url = ic.Url!.ToString().TrimEnd('/');
        string args = Convert.ToHexStringLower(TestReplica.Args((Nat)5));

        var update = JsonDocument.Parse(await RunAsync("node", InteropDir, ["agent-call.mjs", url, counter.ToString(), "add", args])).RootElement;
        Assert.Equal("sync", update.GetProperty("path").GetString());
        Assert.Equal(5UL, (ulong)CandidSerializer.Deserialize<Nat>(Convert.FromHexString(update.GetProperty("reply").GetString()!)));

        var query = JsonDocument.Parse(await RunAsync("node", InteropDir, ["agent-call.mjs", url, counter.ToString(), "get", "4449444c0000", "--query"])).RootElement;
        Assert.Equal(5UL, (ulong)CandidSerializer.Deserialize<Nat>(Convert.FromHexString(query.GetProperty("reply").GetString()!)));

        var trap = JsonDocument.Parse(await RunAsync("node", InteropDir, ["agent-call.mjs", url, counter.ToString(), "addThenTrap", args])).RootElement;
        Assert.Equal("rejected", trap.GetProperty("reject").GetProperty("status").GetString());
        Assert.Equal(5UL, await ic.QueryCallAsync(counter, "get", TestReplica.NoArgs).NatAsync());
    }

    private static async Task<string> RunAsync(string program, string workingDirectory, string[] args)
    {
        if (program == Icp && !File.Exists(Icp))
            throw new InvalidOperationException($"The icp CLI is not installed at {Icp}: run `npm ci --prefix tests/interop` in {RepoRoot}.");
        var info = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DO_NOT_TRACK"] = "1";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["RUST_BACKTRACE"] = "0";
        if (program == Icp)
        {
            info.Environment["HOME"] = workingDirectory;
            info.Environment["XDG_DATA_HOME"] = Path.Combine(workingDirectory, ".local", "share");
            info.Environment["XDG_CONFIG_HOME"] = Path.Combine(workingDirectory, ".config");
            info.Environment["XDG_CACHE_HOME"] = Path.Combine(workingDirectory, ".cache");
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
