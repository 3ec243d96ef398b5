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

    /// <summary>
    /// Whether canister modules are compiled with a write barrier (each store marks its 4 KiB page in a map the replica
    /// reads), so rolling back or checkpointing a message costs in proportion to what it wrote, on every platform.
    /// False uses copy-on-write mappings and a page-table scan on Linux (a cost that grows with the memory) and whole
    /// copies elsewhere. Instruction counts are the same either way.
    /// </summary>
    public bool WriteBarrier { get; init; } = true;

    /// <summary>Cycles a canister gets from <see cref="LocalReplica.CreateCanisterAsync"/> and provisional creation without an amount.</summary>
    public UInt128 DefaultCanisterCycles { get; init; } = 100_000_000_000_000;

    /// <summary>
    /// Whether canisters pay cycles at the IC's 13-node application subnet fees (execution, ingress, calls, storage) and
    /// freeze below their freezing threshold; see docs/replica-cycles.md. False plays a subnet where nothing is charged
    /// (the IC's system subnets): balances change only by transfers.
    /// </summary>
    public bool ChargeCycles { get; init; } = true;

    /// <summary>Guard against canisters that call each other forever: the most messages one round may execute.</summary>
    public int MaxMessagesPerRound { get; init; } = 1_000_000;

    /// <summary>The deepest chain of composite query calls.</summary>
    public int MaxCompositeQueryDepth { get; init; } = 16;

    /// <summary>Log records kept per canister (older ones are dropped).</summary>
    public int MaxLogRecordsPerCanister { get; init; } = 10_000;

    /// <summary>
    /// Produces the certificate a query sees through <c>ic0.data_certificate_copy</c>, from the canister id and its
    /// certified data. Null (the default) means no certificate: <c>ic0.data_certificate_present</c> returns 0.
    /// When null, the replica's own certifier answers with a certificate of <c>/canister/&lt;id&gt;/certified_data</c>
    /// signed by its root key.
    /// </summary>
    public Func<Principal, byte[], byte[]?>? DataCertificateProvider { get; init; }

    /// <summary>
    /// Serve the IC HTTP interface on this port of <see cref="HttpAddress"/> (0: any free port; see
    /// <see cref="LocalReplica.Url"/>). Null (the default): no HTTP server.
    /// </summary>
    public int? HttpPort { get; init; }

    /// <summary>The address the HTTP server listens on; loopback by default.</summary>
    public System.Net.IPAddress HttpAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>
    /// Whether the replica's time follows the wall clock (and a background round runs timers and heartbeats a few
    /// times a second), as a real replica's does. Null: exactly when <see cref="HttpPort"/> is set, because agents check
    /// certificate times against their clocks.
    /// </summary>
    public bool? LiveTime { get; init; }

    /// <summary>
    /// A directory that keeps the replica's state across restarts and crashes: its keys, time, canisters with their code,
    /// main and stable memory, certified data and settings, and request statuses. Loaded at start when present; every
    /// round's changes are written (and fsynced) before its answers leave.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>
    /// A directory for compiled canister modules, so a new process loads them instead of compiling them again (seconds
    /// for a Motoko canister); null keeps them in this process only. Compiled modules are machine code that the replica
    /// runs: use a directory that only you can write. Files are keyed by the module's SHA-256, Wasmtime's version and settings.
    /// </summary>
    public string? ModuleCacheDirectory { get; init; }

    /// <summary>A 32-byte seed for the root and node keys (the same seed gives the same root key); random when null. A state directory's saved keys win.</summary>
    public byte[]? KeySeed { get; init; }

    /// <summary>
    /// How long the HTTP interface waits for a request's whole body (its headers have arrived); a slower body is
    /// answered 408. One minute by default: a 2 MiB body needs only about 300 kbit/s to arrive in time.
    /// </summary>
    public TimeSpan RequestBodyTimeout { get; init; } = TimeSpan.FromMinutes(1);
}
