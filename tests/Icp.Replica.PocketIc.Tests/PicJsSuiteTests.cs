using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Icp.Replica.PocketIc.Tests;

/// <summary>
/// @dfinity/pic 0.23.0 against our PocketIC server: the PicJS suite in <c>pic/suite.test.mjs</c> (setup and teardown
/// per test, setupCanister, identities, time travel, upgrades, traps, inter-canister calls, an agent through the HTTP
/// gateway) runs with node, with POCKET_IC_BIN naming our launcher. Needs <c>npm ci --ignore-scripts --prefix
/// tests/Icp.Replica.PocketIc.Tests/pic</c> (run here when node_modules is missing).
/// </summary>
public sealed class PicJsSuiteTests
{
    private static readonly string SuiteDirectory = Path.Combine(global::Icp.Testing.RepositoryPaths.Root, "tests", "Icp.Replica.PocketIc.Tests", "pic");

    [Fact]
    public async Task The_PicJS_suite_passes_against_our_PocketIC_server()
    {
        await EnsureNodeModulesAsync();
        using var launcher = new PocketIcLauncher();
        var (exitCode, output) = await RunAsync("node", ["--test", "--test-concurrency=1", "--test-reporter=tap", "suite.test.mjs"],
            new Dictionary<string, string> { ["POCKET_IC_BIN"] = launcher.Path }, TimeSpan.FromMinutes(15));
        int Count(string what) => Regex.Match(output, $@"^# {what} (\d+)$", RegexOptions.Multiline) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
        Assert.True(exitCode == 0 && Count("pass") > 0 && Count("fail") == 0 && Count("cancelled") == 0,
            $"the PicJS suite failed (exit code {exitCode}, {Count("pass")} passed, {Count("fail")} failed):\n{output}");
    }

    private static async Task EnsureNodeModulesAsync()
    {
        if (File.Exists(Path.Combine(SuiteDirectory, "node_modules", "@dfinity", "pic", "package.json"))) return;
        // --ignore-scripts: @dfinity/pic's install script would download PocketIC, which the suite does not use.
        var (exitCode, output) = await RunAsync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], [], TimeSpan.FromMinutes(5));
        Assert.True(exitCode == 0, $"npm ci failed:\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = SuiteDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = new StringBuilder();
        var stdout = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is { } line) lock (output) output.AppendLine(line); });
        var stderr = Task.Run(async () => { while (await process.StandardError.ReadLineAsync() is { } line) lock (output) output.AppendLine(line); });
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output) output.AppendLine($"(killed after {timeout})");
        }
        await Task.WhenAll(stdout, stderr);
        lock (output) return (process.ExitCode, output.ToString());
    }
}
