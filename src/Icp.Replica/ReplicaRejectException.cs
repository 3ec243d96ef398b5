namespace Icp.Replica;

/// <summary>A call was rejected: by the canister, because it trapped, or by the replica.</summary>
public sealed class ReplicaRejectException : Exception
{
    /// <summary>Creates the exception for a reject.</summary>
    /// <param name="code">The reject code.</param>
    /// <param name="message">The reject message, as the caller sees it.</param>
    /// <param name="errorCode">The replica's error code (for example <c>IC0503</c>), when there is one.</param>
    public ReplicaRejectException(RejectCode code, string message, string? errorCode = null)
        : base($"{code} ({(int)code}){(errorCode is null ? "" : $" {errorCode}")}: {message}")
    {
        RejectCode = code;
        RejectMessage = message;
        ErrorCode = errorCode;
    }

    /// <summary>The reject code.</summary>
    public RejectCode RejectCode { get; }

    /// <summary>The reject message.</summary>
    public string RejectMessage { get; }

    /// <summary>The replica's error code (for example <c>IC0503</c> for an explicit trap), if any.</summary>
    public string? ErrorCode { get; }
}
