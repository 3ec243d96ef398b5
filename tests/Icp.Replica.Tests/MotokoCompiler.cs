using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Icp.Replica.Tests;

/// <summary>A compiled test canister: its module and Candid interface.</summary>
public sealed record CompiledCanister(byte[] Wasm, string Candid);

/// <summary>
/// Compiles the Motoko test canisters in <c>Canisters/</c> with the npm <c>motoko</c> package (offline, through
/// <c>motoko/build.mjs</c>). Outputs are cached under the test bin folder by a hash of the source, the build
/// script, the lock file and the flags, so only the first run pays the few seconds per canister.
/// </summary>
public static class MotokoCompiler
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<CompiledCanister>>> Builds = new();
    private static readonly SemaphoreSlim Parallelism = new(2, 2); // two cores on the build machines
    private static readonly Lazy<Task> NpmInstall = new(EnsureNodeModulesAsync);

    /// <summary>The test project's folder (holding <c>Canisters/</c> and <c>motoko/</c>).</summary>
    public static string ProjectDirectory { get; } = FindProjectDirectory();

    private static string MotokoDirectory => Path.Combine(ProjectDirectory, "motoko");

    /// <summary>Compiles <c>Canisters/{name}.mo</c>; <paramref name="classic"/> selects classical orthogonal persistence.</summary>
    public static Task<CompiledCanister> CompileAsync(string name, bool classic = false) =>
        Builds.GetOrAdd($"{name}|{classic}", _ => new Lazy<Task<CompiledCanister>>(() => BuildAsync(name, classic))).Value;

    private static async Task<CompiledCanister> BuildAsync(string name, bool classic)
    {
        string source = Path.Combine(ProjectDirectory, "Canisters", name + ".mo");
        string key = Hash(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(MotokoDirectory, "build.mjs")),
            File.ReadAllBytes(Path.Combine(MotokoDirectory, "package-lock.json")), Encoding.UTF8.GetBytes(classic ? "classic" : "enhanced"));
        string cache = Path.Combine(AppContext.BaseDirectory, "motoko-cache");
        Directory.CreateDirectory(cache);
        string wasm = Path.Combine(cache, $"{name}-{key}.wasm");
        string did = Path.Combine(cache, $"{name}-{key}.did");
        if (!File.Exists(wasm) || !File.Exists(did))
        {
            await NpmInstall.Value;
            await Parallelism.WaitAsync();
            try
            {
                // Write to temporary names and rename, so an interrupted build never leaves a half file in the cache.
                string tmpWasm = wasm + $".{Environment.ProcessId}.tmp", tmpDid = did + $".{Environment.ProcessId}.tmp";
                var args = new List<string> { "build.mjs", source, tmpWasm, tmpDid };
                if (classic) args.Add("--classic");
                await RunAsync("node", args);
                File.Move(tmpDid, did, overwrite: true);
                File.Move(tmpWasm, wasm, overwrite: true);
            }
            finally
            {
                Parallelism.Release();
            }
        }
        return new CompiledCanister(await File.ReadAllBytesAsync(wasm), await File.ReadAllTextAsync(did));
    }

    /// <summary>Runs <c>npm ci</c> in the motoko folder when node_modules is missing (a fresh CI machine).</summary>
    private static async Task EnsureNodeModulesAsync()
    {
        if (File.Exists(Path.Combine(MotokoDirectory, "node_modules", "motoko", "package.json"))) return;
        await RunAsync("npm", ["ci", "--no-audit", "--no-fund"]);
    }

    private static async Task RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = MotokoDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{Truncate(await stderr)}\n{Truncate(await stdout)}");
    }

    private static string Truncate(string s) => s.Length > 4000 ? s[..4000] + "..." : s;

    private static string Hash(params byte[][] parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            sha.AppendData(BitConverter.GetBytes(part.Length));
            sha.AppendData(part);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static string FindProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Icp.Replica.Tests");
            if (File.Exists(Path.Combine(candidate, "motoko", "build.mjs"))) return candidate;
            if (File.Exists(Path.Combine(dir.FullName, "motoko", "build.mjs"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("could not find tests/Icp.Replica.Tests/motoko above " + AppContext.BaseDirectory);
    }
}
