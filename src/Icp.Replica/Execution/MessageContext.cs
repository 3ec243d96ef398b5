using Icp.Candid;
using Icp.Replica.State;

namespace Icp.Replica.Execution;

/// <summary>A call being assembled with <c>ic0.call_new</c> ... <c>ic0.call_perform</c>.</summary>
internal sealed class PendingCall(Principal callee, string method, long replyFun, long replyEnv, long rejectFun, long rejectEnv)
{
    public Principal Callee { get; } = callee;
    public string Method { get; } = method;
    public long ReplyFun { get; } = replyFun;
    public long ReplyEnv { get; } = replyEnv;
    public long RejectFun { get; } = rejectFun;
    public long RejectEnv { get; } = rejectEnv;
    public long? CleanupFun { get; set; }
    public long CleanupEnv { get; set; }
    public MemoryStream Arg { get; } = new();
    public UInt128 Cycles { get; set; }
    public uint? TimeoutSeconds { get; set; }
}

/// <summary>
/// The per-message system state the System API reads and writes. Effects that must vanish when the message
/// traps (the response, outgoing calls, certified data, the timer, cycle movements) are buffered here and
/// applied only when the message completes.
/// </summary>
internal sealed class MessageContext(ApiType api, CanisterState canister, Principal caller, ulong timeNanos)
{
    public ApiType Api { get; } = api;
    public CanisterState Canister { get; } = canister;
    public Principal Caller { get; } = caller;
    public ulong TimeNanos { get; } = timeNanos;

    /// <summary>Argument data: the call's argument, or the reply in a reply callback.</summary>
    public byte[]? Arg { get; init; }

    /// <summary>The method name, for <c>ic0.msg_method_name_*</c>.</summary>
    public string? MethodName { get; init; }

    /// <summary>The call context this message runs for, if any.</summary>
    public CallContext? CallContext { get; init; }

    /// <summary>In a reject callback: the reject code.</summary>
    public int RejectCode { get; init; }

    /// <summary>In a reject callback: the reject message.</summary>
    public string? RejectMessage { get; init; }

    /// <summary>In a callback: cycles refunded by the callee.</summary>
    public UInt128 Refunded { get; init; }

    /// <summary>True for replicated execution (updates); false for query calls.</summary>
    public bool Replicated { get; init; } = true;

    /// <summary>For non-replicated queries: the certificate for the canister's certified data, if available.</summary>
    public byte[]? DataCertificate => _dataCertificate ??= DataCertificateSource?.Invoke();

    private byte[]? _dataCertificate;

    /// <summary>Makes <see cref="DataCertificate"/> when a query first asks for it (certificates cost a signature).</summary>
    public Func<byte[]?>? DataCertificateSource { get; init; }

    /// <summary>Fuel given to this message.</summary>
    public long InstructionLimit { get; init; }

    /// <summary>Reads the fuel left while the message runs; set by the instance running it.</summary>
    public Func<long>? FuelLeft
    {
        get => _fuelLeft;
        set
        {
            _fuelLeft = value;
            _instructionsUsed = null;
        }
    }

    private Func<long>? _fuelLeft;
    private long? _instructionsUsed; // once finished

    /// <summary>The message finished having used <paramref name="used"/> instructions: the store's fuel no longer counts.</summary>
    public void Finished(long used)
    {
        _fuelLeft = null;
        _instructionsUsed = used;
    }

    /// <summary>Receives <c>ic0.debug_print</c> output.</summary>
    public Action<CanisterState, byte[]>? Print { get; init; }

    // ---- effects, applied on success ----

    /// <summary>Reply data appended so far.</summary>
    public MemoryStream ReplyData => _replyData ??= new();

    private MemoryStream? _replyData;

    /// <summary>The response this message produced (reply or reject), if any.</summary>
    public Response? Response { get; set; }

    /// <summary>The call under construction.</summary>
    public PendingCall? Building { get; set; }

    /// <summary>Calls performed, sent on success.</summary>
    public List<PendingCall> Calls { get; } = [];

    /// <summary>New certified data, if set.</summary>
    public byte[]? NewCertifiedData { get; set; }

    /// <summary>New global timer value, if set.</summary>
    public ulong? NewGlobalTimer { get; set; }

    /// <summary>Cycles accepted from the call context.</summary>
    public UInt128 Accepted { get; set; }

    /// <summary>Cycles attached to outgoing calls or burned.</summary>
    public UInt128 Spent { get; set; }

    /// <summary>True once <c>ic0.accept_message</c> was called.</summary>
    public bool MessageAccepted { get; set; }

    // ---- outcome ----

    /// <summary>The trap message when the message trapped.</summary>
    public string? Trap { get; set; }

    /// <summary>The replica error code of the trap.</summary>
    public string? TrapErrorCode { get; set; }

    /// <summary>True when <see cref="Trap"/> is the whole description the caller sees (the IC's out-of-cycles errors), not a trap message.</summary>
    public bool TrapIsDescription { get; set; }

    /// <summary>Instructions used, once finished.</summary>
    public long InstructionsUsed => _instructionsUsed ?? (FuelLeft is null ? 0 : InstructionLimit - FuelLeft());

    /// <summary>The cycle balance as this message sees it.</summary>
    public UInt128 Balance => Canister.Cycles + Accepted - Spent;
}
