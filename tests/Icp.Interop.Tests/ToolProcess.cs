using System.ComponentModel;
using System.Diagnostics;

namespace Icp.Interop.Tests;

/// <summary>A tool run failed: exited non-zero, timed out, or said no. The message carries its stderr.</summary>
public sealed class InteropToolException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What a finished process printed.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the external reference tools with a time limit; shared by the tests and the benchmarks.</summary>
internal static class ToolProcess
{
    /// <summary>Runs FILE with ARGS; a non-zero exit, a time-out or a failure to start throws with stderr.</summary>
    public static async Task<ToolResult> RunAsync(
        string file,
        IEnumerable<string> args,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? stdin = null,
        bool throwOnNonZero = true,
        CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        var commandLine = Describe(file, psi.ArgumentList);
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InteropToolException($"cannot start {file} (is it installed and on PATH?): {e.Message}", e);
        }

        var stdoutTask = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderrTask = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited without reading its input; its exit code and stderr tell why.
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            var partial = await stderrTask.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new InteropToolException($"{commandLine} timed out after {timeout.TotalSeconds:0.#} s; stderr:\n{partial}");
        }

        var result = new ToolResult(process.ExitCode, await stdoutTask.ConfigureAwait(false), await stderrTask.ConfigureAwait(false));
        if (throwOnNonZero && result.ExitCode != 0)
        {
            throw new InteropToolException($"{commandLine} exited with {result.ExitCode}; stderr:\n{result.Stderr}");
        }

        return result;
    }

    public static string Describe(string file, IEnumerable<string> args)
    {
        static string Quote(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./:=@".Contains(c, StringComparison.Ordinal))
            ? s
            : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var text = string.Join(' ', new[] { file }.Concat(args).Select(Quote));
        return text.Length > 600 ? text[..600] + "…" : text;
    }
}
