using System.Collections.Concurrent;
using System.Security.Cryptography;
using Wasmtime;

namespace Icp.Replica.Execution;

/// <summary>
/// Compiled modules by SHA-256 of the Wasm that Wasmtime compiles: compiling a Motoko canister takes seconds, and test
/// suites install the same module into many canisters and many replicas (every PocketIC instance is one). In-process,
/// every replica shares <see cref="Engine"/> and so the compiled modules; with a directory, modules are also kept
/// there serialised (Wasmtime's own format, keyed also by the Wasmtime version and the engine's settings), so a new
/// process deserialises instead of compiling.
/// </summary>
/// <remarks>
/// Deserialising runs the machine code in the file: the directory must be writable only by its user, like Wasmtime's
/// own cache. A file that fails its checksum or that Wasmtime refuses is compiled again and replaced.
/// </remarks>
internal static class ModuleCache
{
    /// <summary>Modules kept in memory; the least recently used one goes first (a canister that uses it keeps it).</summary>
    public const int Capacity = 64;

    private const string Settings = "memory64,fuel,bulk-memory,multi-value,multi-memory";
    private static readonly byte[] FileMagic = "ICPRMOD1"u8.ToArray();
    private static readonly ConcurrentDictionary<string, Entry> Modules = new(StringComparer.Ordinal);
    private static long _clock;

    private sealed class Entry(Lazy<Module> module)
    {
        public Lazy<Module> Module { get; } = module;
        public long LastUsed;
    }

    /// <summary>The engine every replica in this process uses (its settings are part of a disk cache key).</summary>
    public static Engine Engine { get; } = CreateEngine();

    /// <summary>
    /// Where the servers (<c>--pocket-ic</c> and the standalone replica) keep compiled modules: <c>$ICP_REPLICA_MODULE_CACHE</c>
    /// when set (empty turns the disk cache off), else <c>icp-replica/modules</c> under <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>.
    /// </summary>
    public static string? DefaultDirectory()
    {
        string? chosen = Environment.GetEnvironmentVariable("ICP_REPLICA_MODULE_CACHE");
        if (chosen is not null) return chosen.Length == 0 ? null : chosen;
        string? cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (home.Length == 0) return null;
            cache = Path.Combine(home, ".cache");
        }
        return Path.Combine(cache, "icp-replica", "modules");
    }

    /// <summary>
    /// The compiled module for <paramref name="wasm"/>: from memory, else from <paramref name="directory"/> when given,
    /// else compiled (and written there). Throws <see cref="WasmtimeException"/> for an invalid module.
    /// </summary>
    public static Module GetOrCompile(byte[] wasm, string? directory)
    {
        string key = Convert.ToHexStringLower(SHA256.HashData(wasm));
        var entry = Modules.GetOrAdd(key, k => new Entry(new Lazy<Module>(() => LoadOrCompile(wasm, directory, out _))));
        Module module;
        try
        {
            module = entry.Module.Value;
        }
        catch
        {
            Modules.TryRemove(new KeyValuePair<string, Entry>(key, entry)); // an invalid module is not kept
            throw;
        }
        entry.LastUsed = Interlocked.Increment(ref _clock);
        if (Modules.Count > Capacity) EvictOldest();
        return module;
    }

    /// <summary>The module from <paramref name="directory"/>, else compiled (and written there); bypasses the in-memory layer.</summary>
    internal static Module LoadOrCompile(byte[] wasm, string? directory, out bool compiled)
    {
        string? path = directory is null ? null
            : Path.Combine(directory, $"{Convert.ToHexStringLower(SHA256.HashData(wasm))}-{FileKey()}.cwasm");
        compiled = false;
        if (path is not null && TryLoad(path) is { } loaded) return loaded;
        var module = Module.FromBytes(Engine, "canister", wasm);
        compiled = true;
        if (path is not null) TrySave(path, module);
        return module;
    }

    private static Module? TryLoad(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            byte[] file = File.ReadAllBytes(path);
            int header = FileMagic.Length + SHA256.HashSizeInBytes;
            if (file.Length > header && file.AsSpan(0, FileMagic.Length).SequenceEqual(FileMagic)
                && SHA256.HashData(file.AsSpan(header)).AsSpan().SequenceEqual(file.AsSpan(FileMagic.Length, SHA256.HashSizeInBytes)))
                return Module.Deserialize(Engine, "canister", file.AsSpan(header));
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WasmtimeException)
        {
            // Unreadable or refused: compile instead (and try to replace the file).
        }
        return null;
    }

    private static void TrySave(string path, Module module)
    {
        string temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            byte[] serialized = module.Serialize();
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(FileMagic);
                stream.Write(SHA256.HashData(serialized));
                stream.Write(serialized);
            }
            File.Move(temporary, path, overwrite: true); // whole files only: a reader never sees a torn one
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WasmtimeException)
        {
            // The cache is an optimisation: a directory we cannot write only costs the next process a compilation.
            try { File.Delete(temporary); } catch (Exception f) when (f is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>What else decides whether a serialised module fits this process: Wasmtime's version, the settings, the CPU.</summary>
    private static string FileKey()
    {
        string version = typeof(Module).Assembly.GetName().Version?.ToString() ?? "unknown";
        string identity = $"wasmtime {version}; {Settings}; {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}";
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)))[..16];
    }

    private static void EvictOldest()
    {
        // Modules are not disposed here: a canister may still instantiate one; the handle is freed once unreachable.
        while (Modules.Count > Capacity)
        {
            var oldest = Modules.MinBy(p => p.Value.LastUsed);
            if (!Modules.TryRemove(oldest)) break;
        }
    }

    private static Engine CreateEngine()
    {
        // Keep Settings above in step with this configuration.
        using var config = new Config().WithMemory64(true).WithFuelConsumption(true).WithBulkMemory(true).WithMultiValue(true).WithMultiMemory(true);
        return new Engine(config);
    }
}
