using Icp.Candid;

namespace Icp.Replica.State;

/// <summary>Where a call came from, so its response can be routed back.</summary>
internal abstract record CallOrigin;

/// <summary>
/// A call from outside the IC (an ingress message); the response completes <see cref="Sink"/>, and is kept as the
/// request's status under <see cref="RequestId"/> when it has one (in-process calls have none).
/// </summary>
internal sealed record IngressOrigin(string? RequestId, Action<Response> Sink) : CallOrigin;

/// <summary>A call from another canister; the response becomes a message to the caller's callback.</summary>
internal sealed record CanisterOrigin(Principal Caller, ulong CallbackId) : CallOrigin;

/// <summary>A system task (heartbeat or timer): nobody waits for a response.</summary>
internal sealed record SystemOrigin : CallOrigin;

/// <summary>
/// A call context: one incoming call and everything the canister does to answer it. It lives until it has
/// responded and no callbacks of its outstanding calls remain (the spec's "call context").
/// </summary>
internal sealed class CallContext(ulong id, CallOrigin origin, Principal caller, string method, UInt128 cycles, ulong deadline)
{
    /// <summary>Identifier, unique within the canister.</summary>
    public ulong Id { get; } = id;

    /// <summary>Where the response goes.</summary>
    public CallOrigin Origin { get; } = origin;

    /// <summary>The caller (<c>ic0.msg_caller_*</c>).</summary>
    public Principal Caller { get; } = caller;

    /// <summary>The method that was called.</summary>
    public string Method { get; } = method;

    /// <summary>Cycles attached to the call not yet accepted.</summary>
    public UInt128 AvailableCycles { get; set; } = cycles;

    /// <summary>The best-effort deadline in nanoseconds, 0 for a guaranteed-response call.</summary>
    public ulong Deadline { get; } = deadline;

    /// <summary>True once replied or rejected.</summary>
    public bool Responded { get; set; }

    /// <summary>Callbacks of calls made for this context that have not run yet.</summary>
    public int OutstandingCallbacks { get; set; }
}

/// <summary>A callback registered by <c>ic0.call_new</c> (table indices and environments into the caller's module).</summary>
internal sealed record Callback(ulong Id, ulong CallContextId, long ReplyFun, long ReplyEnv, long RejectFun, long RejectEnv,
    long? CleanupFun, long CleanupEnv, Principal Callee, string Method);

/// <summary>The answer to a call: reply data, or a reject code with its message.</summary>
internal sealed record Response(byte[]? Reply, RejectCode Code, string Message, string? ErrorCode, UInt128 Refund)
{
    /// <summary>A reply.</summary>
    public static Response Replied(byte[] data, UInt128 refund = default) => new(data, 0, "", null, refund);

    /// <summary>A reject.</summary>
    public static Response Rejected(RejectCode code, string message, string? errorCode = null, UInt128 refund = default) =>
        new(null, code, message, errorCode, refund);

    /// <summary>True for a reply.</summary>
    public bool IsReply => Reply is not null;
}
