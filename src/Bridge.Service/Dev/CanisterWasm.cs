using System.Diagnostics;

namespace Bridge.Service.Dev;

/// <summary>
/// Finds or builds a canister's Wasm for <c>--dev</c>: the copy cached under the data directory, else the repository's
/// <c>canisters/out/NAME.wasm</c> when no Motoko source is newer, else a build with <c>node canisters/build.mjs NAME</c> (npm <c>motoko</c>, offline;
/// <c>npm ci</c> first when it is missing), then cached.
/// </summary>
internal static class CanisterWasm
{
    public static async Task<byte[]> LoadAsync(string name, string cacheDirectory, Action<string> report, CancellationToken ct)
    {
        string cached = Path.Combine(cacheDirectory, name + ".wasm");
        if (File.Exists(cached)) return await File.ReadAllBytesAsync(cached, ct);
        string repo = FindRepository() ?? throw new InvalidOperationException(
            $"no cached {cached} and no repository with canisters/build.mjs above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}");
        string built = Path.Combine(repo, "canisters", "out", name + ".wasm");
        if (!File.Exists(built) || SourcesChangedSince(repo, built))
        {
            if (!Directory.Exists(Path.Combine(repo, "canisters", "node_modules", "motoko")))
                await RunAsync(repo, report, ct, "npm", "ci", "--prefix", "canisters", "--no-audit", "--no-fund");
            await RunAsync(repo, report, ct, "node", "canisters/build.mjs", name);
        }
        var wasm = await File.ReadAllBytesAsync(built, ct);
        Directory.CreateDirectory(cacheDirectory);
        await File.WriteAllBytesAsync(cached, wasm, ct);
        return wasm;
    }

    /// <summary>
    /// Whether a Motoko source under <c>canisters/</c> is newer than the built module: after a pull that changed a
    /// canister, a stale <c>canisters/out</c> would otherwise install the old code under the new interface.
    /// </summary>
    private static bool SourcesChangedSince(string repo, string built)
    {
        var builtAt = File.GetLastWriteTimeUtc(built);
        var canisters = Path.Combine(repo, "canisters");
        return Directory.EnumerateFiles(canisters, "*.mo", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Any(f => File.GetLastWriteTimeUtc(f) > builtAt);
    }

    private static string? FindRepository()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "canisters", "build.mjs"))) return dir.FullName;
        return null;
    }

    private static async Task RunAsync(string directory, Action<string> report, CancellationToken ct, string command, params string[] args)
    {
        report($"building: {command} {string.Join(' ', args)}");
        var psi = new ProcessStartInfo(command) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{command} did not start");
        var output = p.StandardOutput.ReadToEndAsync(ct);
        var error = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed with exit code {p.ExitCode}: {await error}{await output}");
    }
}
