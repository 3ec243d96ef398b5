using System.Diagnostics;

namespace Icp.Canisters.Tests;

/// <summary>
/// Builds our Motoko canisters once per test run with their own offline build (`canisters/build.mjs`, npm
/// `motoko`), which also checks that each compiled interface equals the committed `candid/*.did`.
/// </summary>
public sealed class CanisterBuild
{
    private static readonly Lazy<CanisterBuild> Shared = new(() => new CanisterBuild());

    private CanisterBuild()
    {
        RepoRoot = Icp.Testing.RepositoryPaths.Root;
        var canisters = Path.Combine(RepoRoot, "canisters");
        if (!Directory.Exists(Path.Combine(canisters, "node_modules", "motoko")))
            throw new InvalidOperationException("canisters/node_modules is missing: run `npm ci --prefix canisters` (.ci/run does)");
        BuildOutput = Node.Run(RepoRoot, "canisters/build.mjs");
    }

    /// <summary>The build, done on first use.</summary>
    public static CanisterBuild Instance => Shared.Value;

    /// <summary>The repository root.</summary>
    public string RepoRoot { get; }

    /// <summary>What the build printed.</summary>
    public string BuildOutput { get; }

    /// <summary>The compiled module of a canister.</summary>
    public byte[] Wasm(string name) => File.ReadAllBytes(Path.Combine(RepoRoot, "canisters", "out", name + ".wasm"));
}

/// <summary>Runs a node script and returns its output; a failure is an exception with the script's stderr.</summary>
internal static class Node
{
    public static string Run(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A guard against a hung node only: test.mjs compiles each test file (30-50 s apiece on a loaded
        // 2-core machine), so eight files already took over five minutes.
        if (!p.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', args)} took more than 15 minutes");
        }
        string output = stdout.Result + stderr.Result;
        if (p.ExitCode != 0) throw new InvalidOperationException($"node {string.Join(' ', args)} exited with {p.ExitCode}:\n{output}");
        return output;
    }
}
