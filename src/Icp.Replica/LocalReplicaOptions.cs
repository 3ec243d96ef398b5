using Icp.Candid;

namespace Icp.Replica;

/// <summary>Settings of a <see cref="LocalReplica"/>.</summary>
public sealed class LocalReplicaOptions
{
    /// <summary>The replica's clock at start; the current time when null. Time only moves when told to.</summary>
    public DateTimeOffset? InitialTime { get; init; }

    /// <summary>Index of the first canister id (see <see cref="CanisterIdAllocator"/>); PocketIC's range by default.</summary>
    public ulong FirstCanisterId { get; init; } = CanisterIdAllocator.PocketIcFirstIndex;

    /// <summary>Instructions (Wasmtime fuel) per update message or callback; the IC allows 40 billion.</summary>
    public long InstructionLimit { get; init; } = 40_000_000_000;

    /// <summary>Instructions per query; the IC allows 5 billion.</summary>
    public long QueryInstructionLimit { get; init; } = 5_000_000_000;

    /// <summary>Instructions for <c>canister_init</c>, and for each upgrade hook; the IC allows 300 billion.</summary>
    public long InstallInstructionLimit { get; init; } = 300_000_000_000;

    /// <summary>Cycles a canister gets from <see cref="LocalReplica.CreateCanisterAsync"/> and provisional creation without an amount.</summary>
    public UInt128 DefaultCanisterCycles { get; init; } = 100_000_000_000_000;

    /// <summary>Guard against canisters that call each other forever: the most messages one round may execute.</summary>
    public int MaxMessagesPerRound { get; init; } = 1_000_000;

    /// <summary>The deepest chain of composite query calls.</summary>
    public int MaxCompositeQueryDepth { get; init; } = 16;

    /// <summary>Log records kept per canister (older ones are dropped).</summary>
    public int MaxLogRecordsPerCanister { get; init; } = 10_000;

    /// <summary>
    /// Produces the certificate a query sees through <c>ic0.data_certificate_copy</c>, from the canister id and its
    /// certified data. Null (the default) means no certificate: <c>ic0.data_certificate_present</c> returns 0.
    /// The certified state tree with BLS signatures will plug in here.
    /// </summary>
    public Func<Principal, byte[], byte[]?>? DataCertificateProvider { get; init; }
}
