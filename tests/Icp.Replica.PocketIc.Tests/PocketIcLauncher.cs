using System.Diagnostics;

namespace Icp.Replica.PocketIc.Tests;

/// <summary>
/// What POCKET_IC_BIN names for the client libraries: a two-line script in a temporary folder that runs
/// <c>dotnet Icp.Replica.dll --pocket-ic "$@"</c> with the Icp.Replica.dll built next to these tests.
/// </summary>
public sealed class PocketIcLauncher : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pocket-ic-launcher-").FullName;

    public PocketIcLauncher()
    {
        string dll = System.IO.Path.Combine(AppContext.BaseDirectory, "Icp.Replica.dll");
        if (!File.Exists(dll) || !File.Exists(System.IO.Path.Combine(AppContext.BaseDirectory, "Icp.Replica.runtimeconfig.json")))
            throw new FileNotFoundException($"Icp.Replica.dll and its runtimeconfig must be built next to the tests in {AppContext.BaseDirectory}");
        Path = System.IO.Path.Combine(_directory, "pocket-ic");
        File.WriteAllText(Path, $"#!/usr/bin/env bash\nexec dotnet \"{dll}\" --pocket-ic \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The script's path.</summary>
    public string Path { get; }

    /// <summary>Starts the server with the given arguments, output captured.</summary>
    public Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + Path);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
