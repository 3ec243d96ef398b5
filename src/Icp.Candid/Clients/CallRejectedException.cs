namespace Icp.Candid;

/// <summary>
/// A call or query was rejected: by the canister (an explicit reject or a trap) or by the system before or during
/// execution (no such canister or method, a stopped canister, <c>canister_inspect_message</c>, ...). Every
/// <see cref="ICanisterTransport"/> reports a reject with this one type, so code tested on the in-process replica
/// catches the same exception in production over HTTP. Transport failures (HTTP errors, timeouts, invalid
/// certificates) are other exceptions: only this one says the IC answered with a reject.
/// </summary>
public sealed class CallRejectedException : Exception
{
    /// <summary>A reject with <paramref name="rejectCode"/> and <paramref name="rejectMessage"/>.</summary>
    /// <param name="rejectCode">The reject code (unknown codes are kept as their number).</param>
    /// <param name="rejectMessage">The reject message, as the caller sees it.</param>
    /// <param name="errorCode">The implementation's error code (for example <c>IC0503</c>), when given.</param>
    /// <param name="requestId">The 32-byte request id of the rejected call, when the transport has one.</param>
    public CallRejectedException(RejectCode rejectCode, string rejectMessage, string? errorCode = null, byte[]? requestId = null)
        : base(Describe(rejectCode, rejectMessage ?? throw new ArgumentNullException(nameof(rejectMessage)), errorCode, requestId))
    {
        RejectCode = rejectCode;
        RejectMessage = rejectMessage;
        ErrorCode = errorCode;
        RequestId = requestId;
    }

    /// <summary>The reject code (a canister can set the message of an explicit reject, never its code: that is always 4).</summary>
    public RejectCode RejectCode { get; }

    /// <summary>The reject message.</summary>
    public string RejectMessage { get; }

    /// <summary>The implementation's error code (for example <c>IC0503</c> for an explicit trap), when given.</summary>
    public string? ErrorCode { get; }

    /// <summary>The 32-byte request id of the rejected call when the transport has one (the HTTP agent does), else null.</summary>
    public byte[]? RequestId { get; }

    private static string Describe(RejectCode code, string message, string? errorCode, byte[]? requestId) =>
        $"the {(requestId is null ? "call" : "call 0x" + Convert.ToHexStringLower(requestId))} was rejected: code {(ulong)code} ({code})" +
        $"{(errorCode is null ? "" : ", error " + errorCode)}: {message}";
}
