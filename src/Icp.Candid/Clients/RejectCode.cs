namespace Icp.Candid;

/// <summary>The IC's reject codes (spec "Reject codes"): the class of a <see cref="CallRejectedException"/>.</summary>
public enum RejectCode : ulong
{
    /// <summary>Fatal system error.</summary>
    SysFatal = 1,

    /// <summary>Transient system error; a retry may succeed.</summary>
    SysTransient = 2,

    /// <summary>The destination is invalid (e.g. the canister does not exist).</summary>
    DestinationInvalid = 3,

    /// <summary>The canister rejected the message explicitly.</summary>
    CanisterReject = 4,

    /// <summary>The canister trapped or similar.</summary>
    CanisterError = 5,

    /// <summary>Outcome unknown (best-effort calls).</summary>
    SysUnknown = 6,
}
