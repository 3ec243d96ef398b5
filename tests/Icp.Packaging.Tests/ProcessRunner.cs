using System.Diagnostics;
using System.Text;

namespace Icp.Packaging.Tests;

/// <summary>What a finished process printed.</summary>
public sealed record ProcessResult(int ExitCode, string Output)
{
    /// <summary>The output, for assertion messages (the end, where errors are).</summary>
    public string Tail => Output.Length > 6000 ? "..." + Output[^6000..] : Output;
}

/// <summary>Runs a command line tool (dotnet, node) with a time limit, stdout and stderr captured together.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="program"/> in <paramref name="workingDirectory"/>. The child gets this process's
    /// environment without the variables through which `dotnet test` steers MSBuild and the test host (a child build
    /// must be an ordinary one), plus <paramref name="environment"/>.</summary>
    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || key == "DOTNET_HOST_PATH")
                start.Environment.Remove(key);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = new StringBuilder();
        var lines = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} took longer than {timeout ?? TimeSpan.FromMinutes(10)}:\n{output}");
        }
        process.WaitForExit(); // drains the output events
        lock (lines) return new ProcessResult(process.ExitCode, output.ToString());
    }
}
