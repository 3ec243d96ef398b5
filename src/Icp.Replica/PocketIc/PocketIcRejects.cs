using System.Globalization;
using System.Text.Json;
using Icp.Replica.State;

namespace Icp.Replica.PocketIc;

/// <summary>
/// PocketIC's JSON for call outcomes: <c>{"Ok": base64 reply}</c> or <c>{"Err": RejectResponse}</c>, where a
/// RejectResponse names its reject code and error code as Rust enum variants (<c>"CanisterError"</c>,
/// <c>"CanisterCalledTrap"</c>) rather than numbers.
/// </summary>
internal static class PocketIcRejects
{
    // The IC's error codes by number, named as PocketIC's ErrorCode enum names them (the interface spec's error codes).
    private static readonly Dictionary<int, string> ErrorCodeNames = new()
    {
        [101] = "SubnetOversubscribed", [102] = "MaxNumberOfCanistersReached",
        [201] = "CanisterQueueFull", [202] = "IngressMessageTimeout", [203] = "CanisterQueueNotEmpty", [204] = "IngressHistoryFull",
        [205] = "CanisterIdAlreadyExists", [206] = "StopCanisterRequestTimeout", [207] = "CanisterOutOfCycles",
        [208] = "CertifiedStateUnavailable", [209] = "CanisterInstallCodeRateLimited", [210] = "CanisterHeapDeltaRateLimited",
        [301] = "CanisterNotFound", [302] = "CanisterMethodNotFound", [305] = "CanisterSnapshotNotFound",
        [402] = "InsufficientMemoryAllocation", [403] = "InsufficientCyclesForCreateCanister", [404] = "SubnetNotFound",
        [405] = "CanisterNotHostedBySubnet", [406] = "CanisterRejectedMessage", [407] = "UnknownManagementMessage",
        [408] = "InvalidManagementPayload", [409] = "CanisterSnapshotImmutable",
        [502] = "CanisterTrapped", [503] = "CanisterCalledTrap", [504] = "CanisterContractViolation", [505] = "CanisterInvalidWasm",
        [506] = "CanisterDidNotReply", [507] = "CanisterOutOfMemory", [508] = "CanisterStopped", [509] = "CanisterStopping",
        [510] = "CanisterNotStopped", [511] = "CanisterStoppingCancelled", [512] = "CanisterInvalidController",
        [513] = "CanisterFunctionNotFound", [514] = "CanisterNonEmpty", [517] = "QueryCallGraphLoopDetected",
        [520] = "InsufficientCyclesInCall", [521] = "CanisterWasmEngineError", [522] = "CanisterInstructionLimitExceeded",
        [524] = "CanisterMemoryAccessLimitExceeded", [525] = "QueryCallGraphTooDeep", [526] = "QueryCallGraphTotalInstructionLimitExceeded",
        [527] = "CompositeQueryCalledInReplicatedMode", [528] = "QueryTimeLimitExceeded", [529] = "QueryCallGraphInternal",
        [530] = "InsufficientCyclesInComputeAllocation", [531] = "InsufficientCyclesInMemoryAllocation",
        [532] = "InsufficientCyclesInMemoryGrow", [533] = "ReservedCyclesLimitExceededInMemoryAllocation",
        [534] = "ReservedCyclesLimitExceededInMemoryGrow", [535] = "InsufficientCyclesInMessageMemoryGrow",
        [536] = "CanisterMethodNotFound", [537] = "CanisterWasmModuleNotFound", [538] = "CanisterAlreadyInstalled",
        [539] = "CanisterWasmMemoryLimitExceeded", [540] = "ReservedCyclesLimitIsTooLow",
        [601] = "DeadlineExpired", [602] = "ResponseDropped",
    };

    /// <summary>The reject code as PocketIC's RejectCode variant name.</summary>
    public static string RejectCodeName(RejectCode code) => code switch
    {
        RejectCode.SysFatal => "SysFatal",
        RejectCode.SysTransient => "SysTransient",
        RejectCode.DestinationInvalid => "DestinationInvalid",
        RejectCode.CanisterReject => "CanisterReject",
        RejectCode.CanisterError => "CanisterError",
        _ => "SysUnknown",
    };

    /// <summary>
    /// The error code (<c>IC0503</c>) as PocketIC's ErrorCode variant name. A reject without an error code (a canister's
    /// own <c>msg_reject</c>) is <c>CanisterRejectedMessage</c>, as on the IC.
    /// </summary>
    public static string ErrorCodeName(string? errorCode, RejectCode code)
    {
        if (errorCode is { Length: 6 } && errorCode.StartsWith("IC", StringComparison.Ordinal)
            && int.TryParse(errorCode.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            && ErrorCodeNames.TryGetValue(number, out var name))
            return name;
        return code switch
        {
            RejectCode.DestinationInvalid => "CanisterNotFound",
            RejectCode.CanisterError => "CanisterTrapped",
            _ => "CanisterRejectedMessage",
        };
    }

    /// <summary>Writes <c>{"Ok": base64}</c> or <c>{"Err": {reject_code, reject_message, error_code, certified}}</c>.</summary>
    public static void WriteResult(Utf8JsonWriter writer, Response response, bool certified)
    {
        writer.WriteStartObject();
        if (response.Reply is { } reply) writer.WriteBase64String("Ok", reply);
        else
        {
            writer.WritePropertyName("Err");
            WriteReject(writer, response, certified);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes a RejectResponse object.</summary>
    public static void WriteReject(Utf8JsonWriter writer, Response response, bool certified)
    {
        writer.WriteStartObject();
        writer.WriteString("reject_code", RejectCodeName(response.Code));
        writer.WriteString("reject_message", response.Message);
        writer.WriteString("error_code", ErrorCodeName(response.ErrorCode, response.Code));
        writer.WriteBoolean("certified", certified);
        writer.WriteEndObject();
    }
}
