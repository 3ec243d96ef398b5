namespace Icp.Replica;

/// <summary>The replica's error codes (the <c>error_code</c> field of a rejected request's status) that we produce.</summary>
public static class ErrorCodes
{
    /// <summary>The canister was not found.</summary>
    public const string CanisterNotFound = "IC0301";
    /// <summary>The canister has no such method.</summary>
    public const string CanisterMethodNotFound = "IC0302";
    /// <summary>The canister has no Wasm module installed.</summary>
    public const string CanisterWasmModuleNotFound = "IC0537";
    /// <summary>The canister is stopped.</summary>
    public const string CanisterStopped = "IC0508";
    /// <summary>The canister is stopping.</summary>
    public const string CanisterStopping = "IC0509";
    /// <summary>The caller is not a controller of the canister.</summary>
    public const string CanisterInvalidController = "IC0512";
    /// <summary>The canister trapped (a Wasm trap).</summary>
    public const string CanisterTrapped = "IC0502";
    /// <summary>The canister called <c>ic0.trap</c>.</summary>
    public const string CanisterCalledTrap = "IC0503";
    /// <summary>The canister did not reply to the call.</summary>
    public const string CanisterDidNotReply = "IC0506";
    /// <summary>The canister exceeded its instruction limit.</summary>
    public const string CanisterInstructionLimitExceeded = "IC0522";
    /// <summary>The module is invalid (bad Wasm or unsupported imports).</summary>
    public const string CanisterInvalidWasm = "IC0505";
    /// <summary>The canister rejected the call explicitly.</summary>
    public const string CanisterRejectedMessage = "IC0406";
    /// <summary>The canister contract was violated (a System API call in the wrong context).</summary>
    public const string CanisterContractViolation = "IC0504";
    /// <summary>The request's arguments are invalid (for example, a malformed management canister call).</summary>
    public const string InvalidManagementPayload = "IC0406";
    /// <summary>The canister cannot pay for a message (or its induction) without falling below its freezing threshold.</summary>
    public const string CanisterOutOfCycles = "IC0207";
    /// <summary>A canister sent too few cycles with <c>create_canister</c> to pay the creation fee.</summary>
    public const string InsufficientCyclesForCreateCanister = "IC0403";
    /// <summary>The canister is not empty (install on a canister that has code).</summary>
    public const string CanisterNonEmpty = "IC0538";
}
