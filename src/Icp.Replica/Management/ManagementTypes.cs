using Icp.Candid;

namespace Icp.Replica.Management;

// The management canister's Candid types (ic.did), mapped by reflection with snake_case names. Only the
// methods the replica implements have types here. Optional fields are nullable; unknown fields sent by newer
// clients are skipped by the decoder, and fields added by newer interface versions default to null.

internal sealed record CanisterSettings
{
    public Principal[]? Controllers { get; init; }
    public Nat? ComputeAllocation { get; init; }
    public Nat? MemoryAllocation { get; init; }
    public Nat? FreezingThreshold { get; init; }
    public Nat? ReservedCyclesLimit { get; init; }
    public Nat? MinimumIncomingCanisterCallCycles { get; init; }
    public LogVisibility? LogVisibility { get; init; }
    public Nat? WasmMemoryLimit { get; init; }
    public Nat? WasmMemoryThreshold { get; init; }
}

[CandidVariant]
internal abstract record LogVisibility
{
    [CandidName("controllers")] public sealed record Controllers : LogVisibility;
    [CandidName("public")] public sealed record Public : LogVisibility;
    [CandidName("allowed_viewers")] public sealed record AllowedViewers(Principal[] Value) : LogVisibility;
}

internal sealed record CreateCanisterArgs
{
    public CanisterSettings? Settings { get; init; }
    public ulong? SenderCanisterVersion { get; init; }
}

internal sealed record ProvisionalCreateCanisterArgs
{
    public Nat? Amount { get; init; }
    public CanisterSettings? Settings { get; init; }
    public Principal? SpecifiedId { get; init; }
    public ulong? SenderCanisterVersion { get; init; }
}

internal sealed record CanisterIdRecord
{
    public required Principal CanisterId { get; init; }
}

internal sealed record ProvisionalTopUpArgs
{
    public required Principal CanisterId { get; init; }
    public required Nat Amount { get; init; }
}

internal sealed record UpdateSettingsArgs
{
    public required Principal CanisterId { get; init; }
    public required CanisterSettings Settings { get; init; }
    public ulong? SenderCanisterVersion { get; init; }
}

internal enum WasmMemoryPersistence
{
    [CandidName("keep")] Keep,
    [CandidName("replace")] Replace,
}

internal sealed record UpgradeFlags
{
    public bool? SkipPreUpgrade { get; init; }
    public WasmMemoryPersistence? WasmMemoryPersistence { get; init; }
}

[CandidVariant]
internal abstract record InstallModeArg
{
    [CandidName("install")] public sealed record Install : InstallModeArg;
    [CandidName("reinstall")] public sealed record Reinstall : InstallModeArg;
    [CandidName("upgrade")] public sealed record Upgrade(UpgradeFlags? Value) : InstallModeArg;
}

internal sealed record InstallCodeArgs
{
    public required InstallModeArg Mode { get; init; }
    public required Principal CanisterId { get; init; }
    public required byte[] WasmModule { get; init; }
    public required byte[] Arg { get; init; }
    public ulong? SenderCanisterVersion { get; init; }
}

internal sealed record ChunkHash
{
    public required byte[] Hash { get; init; }
}

internal sealed record UploadChunkArgs
{
    public required Principal CanisterId { get; init; }
    public required byte[] Chunk { get; init; }
}

internal sealed record InstallChunkedCodeArgs
{
    public required InstallModeArg Mode { get; init; }
    public required Principal TargetCanister { get; init; }
    public Principal? StoreCanister { get; init; }
    public required ChunkHash[] ChunkHashesList { get; init; }
    public required byte[] WasmModuleHash { get; init; }
    public required byte[] Arg { get; init; }
    public ulong? SenderCanisterVersion { get; init; }
}

internal sealed record EnvironmentVariable
{
    public required string Name { get; init; }
    public required string Value { get; init; }
}

internal sealed record DefiniteCanisterSettings
{
    public required Principal[] Controllers { get; init; }
    public required Nat ComputeAllocation { get; init; }
    public required Nat MemoryAllocation { get; init; }
    public required Nat FreezingThreshold { get; init; }
    public required Nat ReservedCyclesLimit { get; init; }
    public required Nat MinimumIncomingCanisterCallCycles { get; init; }
    public required LogVisibility LogVisibility { get; init; }
    public required LogVisibility SnapshotVisibility { get; init; }
    public required LogVisibility StatusVisibility { get; init; }
    public required Nat WasmMemoryLimit { get; init; }
    public required Nat WasmMemoryThreshold { get; init; }
    public required EnvironmentVariable[] EnvironmentVariables { get; init; }
    public required Nat LogMemoryLimit { get; init; }
}

internal enum CanisterStatusKind
{
    [CandidName("running")] Running,
    [CandidName("stopping")] Stopping,
    [CandidName("stopped")] Stopped,
}

internal sealed record MemoryMetrics
{
    public required Nat WasmMemorySize { get; init; }
    public required Nat StableMemorySize { get; init; }
    public required Nat GlobalMemorySize { get; init; }
    public required Nat WasmBinarySize { get; init; }
    public required Nat CustomSectionsSize { get; init; }
    public required Nat CanisterHistorySize { get; init; }
    public required Nat WasmChunkStoreSize { get; init; }
    public required Nat SnapshotsSize { get; init; }
    public required Nat LogMemoryStoreSize { get; init; }
}

internal sealed record QueryStats
{
    public required Nat NumCallsTotal { get; init; }
    public required Nat NumInstructionsTotal { get; init; }
    public required Nat RequestPayloadBytesTotal { get; init; }
    public required Nat ResponsePayloadBytesTotal { get; init; }
}

internal sealed record CanisterStatusResult
{
    public required CanisterStatusKind Status { get; init; }
    public required bool ReadyForMigration { get; init; }
    public required ulong Version { get; init; }
    public required DefiniteCanisterSettings Settings { get; init; }
    public byte[]? ModuleHash { get; init; }
    public required Nat MemorySize { get; init; }
    public required MemoryMetrics MemoryMetrics { get; init; }
    public required Nat Cycles { get; init; }
    public required Nat ReservedCycles { get; init; }
    public required Nat IdleCyclesBurnedPerDay { get; init; }
    public required QueryStats QueryStats { get; init; }
}
