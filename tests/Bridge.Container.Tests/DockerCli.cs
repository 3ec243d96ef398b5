using System.Diagnostics;

namespace Bridge.Container.Tests;

/// <summary>
/// The <c>docker</c> command line, for what Testcontainers 3 does not do here: build with the classic builder and a
/// target stage, read the health status, and say clearly when no engine answers.
/// </summary>
internal static class DockerCli
{
    /// <summary>The engine's API version; throws with what to do when no engine answers (the tests fail, never skip).</summary>
    public static async Task<string> RequireEngineAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        (int code, string output) result;
        try
        {
            result = await ProcessRunner.RunAsync("docker", ["version", "--format", "{{.Server.APIVersion}}"], TimeSpan.FromSeconds(30), environment: environment);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"No Docker engine for the container tests: the docker command line is missing ({e.Message}). " + StartHint, e);
        }
        if (result.code != 0)
            throw new InvalidOperationException($"No Docker engine is reachable for the container tests (docker version: {result.output.Trim()}). " + StartHint);
        return result.output.Trim();
    }

    private const string StartHint =
        "Start one with ../shared/tools/docker-engine (as root) and build the runtime image with ../shared/tools/dotnet-base-image; .ci/run does both.";

    /// <summary>Runs docker and returns its exit code and its standard output and error together.</summary>
    public static async Task<(int Code, string Output)> RunAsync(IReadOnlyList<string> args, TimeSpan timeout, string? workingDirectory = null) =>
        await ProcessRunner.RunAsync("docker", args, timeout, workingDirectory);

    /// <summary>Runs docker and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(IReadOnlyList<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var (code, output) = await RunAsync(args, timeout, workingDirectory);
        if (code != 0) throw new InvalidOperationException($"docker {string.Join(' ', args)} failed ({code}):\n{output}");
        return output;
    }
}

/// <summary>Runs a process to completion within a time limit, collecting its output.</summary>
internal static class ProcessRunner
{
    public static async Task<(int Code, string Output)> RunAsync(string command, IReadOnlyList<string> args, TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{command} did not start");
        p.StandardInput.Close();
        var output = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', args)} did not finish within {timeout}:\n{output}");
        }
        p.WaitForExit();
        lock (output) return (p.ExitCode, output.ToString());
    }
}
