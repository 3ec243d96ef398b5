using Icp.Candid;
using Icp.Replica.Execution;

namespace Icp.Replica.State;

/// <summary>A canister's run status (<c>ic0.canister_status</c> returns 1, 2 and 3 for these).</summary>
public enum CanisterRunStatus
{
    /// <summary>Accepting calls.</summary>
    Running = 1,
    /// <summary>Stop requested; waiting for open call contexts to close. New calls are rejected.</summary>
    Stopping = 2,
    /// <summary>Stopped: calls are rejected, responses to its own calls still arrive.</summary>
    Stopped = 3,
}

/// <summary>
/// Everything the replica keeps about one canister: settings, code, memories, certified data, timers and
/// open call contexts. This is the state the certified state tree will later be built from.
/// </summary>
internal sealed class CanisterState(Principal id, IEnumerable<Principal> controllers, UInt128 cycles)
{
    /// <summary>The canister id.</summary>
    public Principal Id { get; } = id;

    /// <summary>Controllers (who may manage the canister through the management canister).</summary>
    public List<Principal> Controllers { get; set; } = controllers.Distinct().ToList();

    /// <summary>Running, stopping or stopped.</summary>
    public CanisterRunStatus Status { get; set; } = CanisterRunStatus.Running;

    /// <summary>Cycle balance.</summary>
    public UInt128 Cycles { get; set; } = cycles;

    /// <summary>Replica time up to which storage and compute allocation have been paid for.</summary>
    public ulong ResourcesChargedAtNanos { get; set; }

    /// <summary>Instructions executed on this canister so far (all messages): what execution charges are computed from.</summary>
    public ulong InstructionsExecuted { get; set; }

    /// <summary>Canister version: increases with every install, settings change and executed update.</summary>
    public ulong Version { get; set; }

    /// <summary>The installed module, or null when empty.</summary>
    public CanisterCode? Code { get; set; }

    /// <summary>The live Wasmtime instance of <see cref="Code"/> with the canister's main memory.</summary>
    public CanisterInstance? Instance { get; set; }

    /// <summary>Stable memory.</summary>
    public StableMemory StableMemory { get; } = new();

    /// <summary>Certified data (at most 32 bytes), set by <c>ic0.certified_data_set</c>.</summary>
    public byte[] CertifiedData { get; set; } = [];

    /// <summary>The global timer's deadline in nanoseconds since the epoch; 0 when not set.</summary>
    public ulong GlobalTimer { get; set; }

    /// <summary>Open call contexts by id.</summary>
    public Dictionary<ulong, CallContext> CallContexts { get; } = [];

    /// <summary>Callbacks of outstanding calls by id.</summary>
    public Dictionary<ulong, Callback> Callbacks { get; } = [];

    /// <summary>Next call context id.</summary>
    public ulong NextCallContextId { get; set; } = 1;

    /// <summary>Next callback id.</summary>
    public ulong NextCallbackId { get; set; } = 1;

    /// <summary>Replies owed to <c>stop_canister</c> callers, sent when the canister reaches Stopped.</summary>
    public List<Action> StopWaiters { get; } = [];

    /// <summary>Wasm chunk store (<c>upload_chunk</c>), by SHA-256 hash in hex.</summary>
    public Dictionary<string, byte[]> Chunks { get; } = new(StringComparer.Ordinal);

    /// <summary>Settings kept only to report them back (compute allocation, freezing threshold, ...).</summary>
    public CanisterSettingsState Settings { get; } = new();

    /// <summary>Messages logged with <c>ic0.debug_print</c> and traps, in order (a queue: the oldest leave in O(1) once
    /// the log is full, where removing the first of a list moved all the others on every print).</summary>
    public Queue<CanisterLogRecord> Log { get; } = [];

    /// <summary>Next log record index.</summary>
    public ulong NextLogIndex { get; set; }

    /// <summary>
    /// Messages that ran to completion on <see cref="Instance"/> and kept their effects: main memory can only have
    /// changed when this or the instance did, so the state journal compares memory only then.
    /// </summary>
    public ulong Executions { get; set; }
}

/// <summary>Settings that do not change execution here but are stored and reported.</summary>
internal sealed class CanisterSettingsState
{
    public System.Numerics.BigInteger ComputeAllocation { get; set; }
    public System.Numerics.BigInteger MemoryAllocation { get; set; }
    public System.Numerics.BigInteger FreezingThreshold { get; set; } = 2_592_000;
    public System.Numerics.BigInteger ReservedCyclesLimit { get; set; } = 5_000_000_000_000;
    public System.Numerics.BigInteger WasmMemoryLimit { get; set; } = 3_221_225_472;
    public System.Numerics.BigInteger WasmMemoryThreshold { get; set; }
    public System.Numerics.BigInteger MinimumIncomingCanisterCallCycles { get; set; }
}

/// <summary>One line of a canister's log.</summary>
/// <param name="Index">Position in the canister's log.</param>
/// <param name="TimestampNanos">Replica time when it was written.</param>
/// <param name="Content">The bytes the canister printed.</param>
public sealed record CanisterLogRecord(ulong Index, ulong TimestampNanos, byte[] Content)
{
    /// <summary>The content as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Content);
}
