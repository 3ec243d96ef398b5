using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Bridge.CrashTests.Processes;

/// <summary>
/// A <c>dotnet</c> program run as a child process, its output appended to a log file. <see cref="KillAsync"/> is
/// SIGKILL (no shutdown code runs: no host stop, no store close, no lease release); <see cref="Pause"/> and
/// <see cref="Resume"/> are SIGSTOP and SIGCONT.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private const int SigKill = 9, SigCont = 18, SigStop = 19;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private ChildProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> with <paramref name="environment"/> added.</summary>
    public static ChildProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is not built", dll);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = psi };
        var child = new ChildProcess(process, log);
        process.OutputDataReceived += (_, e) => child.Line(e.Data);
        process.ErrorDataReceived += (_, e) => child.Line(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.Line($"---- started pid {process.Id}: dotnet {Path.GetFileName(dll)} {string.Join(' ', args)}");
        return child;
    }

    /// <summary>The first output line matching <paramref name="match"/> (from now on).</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _waiters.Add((match, found));
        return found.Task;
    }

    /// <summary>SIGKILL, then the exit: the exit code a signal leaves is 128 + 9.</summary>
    public async Task<int> KillAsync()
    {
        // Process.Kill sends SIGKILL on Linux; sent directly here so nothing can turn it into a graceful stop.
        if (!_process.HasExited && Signal(_process.Id, SigKill) != 0 && !_process.HasExited)
            throw new InvalidOperationException($"kill -9 {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        await _process.WaitForExitAsync();
        Line($"---- killed (SIGKILL), exit code {_process.ExitCode}");
        return _process.ExitCode;
    }

    public void Pause() => Send(SigStop, "SIGSTOP");

    public void Resume() => Send(SigCont, "SIGCONT");

    private void Send(int signal, string name)
    {
        if (Signal(_process.Id, signal) != 0) throw new InvalidOperationException($"{name} to {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        Line($"---- {name}");
    }

    private void Line(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _log.WriteLine(line);
            for (int i = _waiters.Count - 1; i >= 0; i--)
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { Signal(_process.Id, SigCont); } catch (EntryPointNotFoundException) { }
            await KillAsync();
        }
        _process.Dispose();
        lock (_gate) _log.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Signal(int pid, int signal);
}
