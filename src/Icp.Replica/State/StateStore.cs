using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Icp.Candid;
using Icp.Replica.Execution;

namespace Icp.Replica.State;

/// <summary>
/// Saves and loads the replica's state in a directory (<see cref="LocalReplicaOptions.StateDirectory"/>):
/// <c>replica.json</c> (key seed, time, id allocation, canisters' settings, certified data, globals) and per canister
/// its module, main memory and stable memory. Request statuses, logs and open calls are not kept.
/// </summary>
internal static class StateStore
{
    private const string FileName = "replica.json";

    private sealed record SavedGlobal(string Type, string Value);

    private sealed record SavedCanister(string Id, List<string> Controllers, string Cycles, int Status, ulong Version, string CertifiedData,
        ulong GlobalTimer, Dictionary<string, string> Settings, bool HasCode, List<SavedGlobal> Globals, long StablePages);

    private sealed record SavedReplica(int Format, string KeySeed, ulong TimeNanos, ulong NextCanisterIndex, List<SavedCanister> Canisters);

    /// <summary>The key seed saved in <paramref name="directory"/>, if any.</summary>
    public static byte[]? LoadKeySeed(string directory)
    {
        var saved = Read(directory);
        return saved is null ? null : Convert.FromHexString(saved.KeySeed);
    }

    /// <summary>Writes the state (atomically replacing <c>replica.json</c> last).</summary>
    public static void Save(string directory, ReplicaCore core, byte[] keySeed)
    {
        string canisterDir = Path.Combine(directory, "canisters");
        Directory.CreateDirectory(canisterDir);
        var canisters = new List<SavedCanister>();
        foreach (var (id, c) in core.Canisters)
        {
            string name = id.ToString();
            var globals = new List<SavedGlobal>();
            if (c.Code is { } code && c.Instance is { } instance)
            {
                var snapshot = instance.Snapshot();
                File.WriteAllBytes(Path.Combine(canisterDir, name + ".wasm"), code.Wasm);
                File.WriteAllBytes(Path.Combine(canisterDir, name + ".memory"), snapshot.Memory);
                globals.AddRange(snapshot.Globals.Select(ToSaved));
            }
            var (stable, pages) = c.StableMemory.Snapshot();
            File.WriteAllBytes(Path.Combine(canisterDir, name + ".stable"), stable);
            var settings = new Dictionary<string, string>
            {
                ["compute_allocation"] = c.Settings.ComputeAllocation.ToString(CultureInfo.InvariantCulture),
                ["memory_allocation"] = c.Settings.MemoryAllocation.ToString(CultureInfo.InvariantCulture),
                ["freezing_threshold"] = c.Settings.FreezingThreshold.ToString(CultureInfo.InvariantCulture),
                ["reserved_cycles_limit"] = c.Settings.ReservedCyclesLimit.ToString(CultureInfo.InvariantCulture),
                ["wasm_memory_limit"] = c.Settings.WasmMemoryLimit.ToString(CultureInfo.InvariantCulture),
                ["wasm_memory_threshold"] = c.Settings.WasmMemoryThreshold.ToString(CultureInfo.InvariantCulture),
                ["minimum_incoming_canister_call_cycles"] = c.Settings.MinimumIncomingCanisterCallCycles.ToString(CultureInfo.InvariantCulture),
            };
            canisters.Add(new SavedCanister(name, [.. c.Controllers.Select(p => p.ToString())], c.Cycles.ToString(CultureInfo.InvariantCulture),
                (int)c.Status, c.Version, Convert.ToHexStringLower(c.CertifiedData), c.GlobalTimer, settings, c.Code is not null, globals, pages));
        }
        var replica = new SavedReplica(1, Convert.ToHexStringLower(keySeed), core.TimeNanos, core.Ids.NextIndex, canisters);
        string temp = Path.Combine(directory, FileName + ".tmp");
        File.WriteAllText(temp, JsonSerializer.Serialize(replica, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, Path.Combine(directory, FileName), overwrite: true);
    }

    /// <summary>Loads a saved state into an empty core; false when the directory holds none.</summary>
    public static bool Load(string directory, ReplicaCore core)
    {
        var saved = Read(directory);
        if (saved is null) return false;
        core.TimeNanos = Math.Max(core.TimeNanos, saved.TimeNanos);
        core.Ids.NextIndex = saved.NextCanisterIndex;
        string canisterDir = Path.Combine(directory, "canisters");
        foreach (var s in saved.Canisters)
        {
            var id = Principal.Parse(s.Id);
            var c = core.CreateCanister(s.Controllers.Select(Principal.Parse), UInt128.Parse(s.Cycles, CultureInfo.InvariantCulture), id);
            c.Status = (CanisterRunStatus)s.Status;
            c.Version = s.Version;
            c.CertifiedData = Convert.FromHexString(s.CertifiedData);
            c.GlobalTimer = s.GlobalTimer;
            c.Settings.ComputeAllocation = BigInteger.Parse(s.Settings["compute_allocation"], CultureInfo.InvariantCulture);
            c.Settings.MemoryAllocation = BigInteger.Parse(s.Settings["memory_allocation"], CultureInfo.InvariantCulture);
            c.Settings.FreezingThreshold = BigInteger.Parse(s.Settings["freezing_threshold"], CultureInfo.InvariantCulture);
            c.Settings.ReservedCyclesLimit = BigInteger.Parse(s.Settings["reserved_cycles_limit"], CultureInfo.InvariantCulture);
            c.Settings.WasmMemoryLimit = BigInteger.Parse(s.Settings["wasm_memory_limit"], CultureInfo.InvariantCulture);
            c.Settings.WasmMemoryThreshold = BigInteger.Parse(s.Settings["wasm_memory_threshold"], CultureInfo.InvariantCulture);
            c.Settings.MinimumIncomingCanisterCallCycles = BigInteger.Parse(s.Settings["minimum_incoming_canister_call_cycles"], CultureInfo.InvariantCulture);
            string stablePath = Path.Combine(canisterDir, s.Id + ".stable");
            c.StableMemory.Restore((File.Exists(stablePath) ? File.ReadAllBytes(stablePath) : [], s.StablePages));
            if (!s.HasCode) continue;
            var code = CanisterCode.Load(core.Engine, File.ReadAllBytes(Path.Combine(canisterDir, s.Id + ".wasm")));
            c.Code = code;
            c.Instance = CanisterInstance.Create(core.Engine, code, new SystemApi(core.SubnetId), null,
                File.ReadAllBytes(Path.Combine(canisterDir, s.Id + ".memory")), [.. s.Globals.Select(FromSaved)]);
        }
        return true;
    }

    private static SavedReplica? Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        return JsonSerializer.Deserialize<SavedReplica>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty");
    }

    private static SavedGlobal ToSaved(object? value) => value switch
    {
        int i => new("i32", i.ToString(CultureInfo.InvariantCulture)),
        long l => new("i64", l.ToString(CultureInfo.InvariantCulture)),
        float f => new("f32", BitConverter.SingleToInt32Bits(f).ToString(CultureInfo.InvariantCulture)),
        double d => new("f64", BitConverter.DoubleToInt64Bits(d).ToString(CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException($"cannot save a global of type {value?.GetType().Name ?? "null"}"),
    };

    private static object FromSaved(SavedGlobal g) => g.Type switch
    {
        "i32" => int.Parse(g.Value, CultureInfo.InvariantCulture),
        "i64" => long.Parse(g.Value, CultureInfo.InvariantCulture),
        "f32" => BitConverter.Int32BitsToSingle(int.Parse(g.Value, CultureInfo.InvariantCulture)),
        "f64" => BitConverter.Int64BitsToDouble(long.Parse(g.Value, CultureInfo.InvariantCulture)),
        _ => throw new InvalidDataException($"unknown global type {g.Type}"),
    };
}
