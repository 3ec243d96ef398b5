using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Icp.Candid;
using Icp.Replica.Execution;

namespace Icp.Replica.State;

/// <summary>
/// Loads a state directory written by earlier versions, which saved only at stop: <c>replica.json</c> (key seed, time,
/// id allocation, canisters' settings, certified data, globals) and per canister its module, main memory and stable
/// memory. The replica now keeps its state in a <see cref="StateJournal"/>; a directory with no journal yet is read
/// from here once and journaled from then on.
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
            c.StableMemory.Load(File.Exists(stablePath) ? File.ReadAllBytes(stablePath) : [], s.StablePages);
            if (!s.HasCode) continue;
            var code = CanisterCode.Load(File.ReadAllBytes(Path.Combine(canisterDir, s.Id + ".wasm")), core.Options.ModuleCacheDirectory, core.Options.WriteBarrier);
            c.Code = code;
            c.Instance = CanisterInstance.Create(core.Engine, code, new SystemApi(core.SubnetId, core.Accounting), null,
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

    private static object FromSaved(SavedGlobal g) => g.Type switch
    {
        "i32" => int.Parse(g.Value, CultureInfo.InvariantCulture),
        "i64" => long.Parse(g.Value, CultureInfo.InvariantCulture),
        "f32" => BitConverter.Int32BitsToSingle(int.Parse(g.Value, CultureInfo.InvariantCulture)),
        "f64" => BitConverter.Int64BitsToDouble(long.Parse(g.Value, CultureInfo.InvariantCulture)),
        _ => throw new InvalidDataException($"unknown global type {g.Type}"),
    };
}
