namespace Icp.Replica;

/// <summary>Reject codes of the IC interface specification ("Reject codes").</summary>
public enum RejectCode
{
    /// <summary>Fatal system error; retrying is unlikely to help.</summary>
    SysFatal = 1,
    /// <summary>Transient system error (for example, a full queue or a stopping canister); a retry might succeed.</summary>
    SysTransient = 2,
    /// <summary>The destination (a canister or a method) does not exist or cannot be reached.</summary>
    DestinationInvalid = 3,
    /// <summary>The canister rejected the call explicitly (<c>ic0.msg_reject</c>).</summary>
    CanisterReject = 4,
    /// <summary>The canister trapped or did not reply.</summary>
    CanisterError = 5,
    /// <summary>A best-effort call's response was not received in time.</summary>
    SysUnknown = 6,
}
