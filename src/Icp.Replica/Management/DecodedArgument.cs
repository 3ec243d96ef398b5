using System.Runtime.ExceptionServices;
using Icp.Candid;

namespace Icp.Replica.Management;

/// <summary>
/// The Candid argument of a call to a method the replica serves itself (the management canister, the system
/// canisters), decoded ahead of execution: its value, or the decoding error the method answers with. The HTTP
/// interface and <see cref="LocalReplica"/>'s call methods decode untrusted arguments here before they take the
/// replica's lock, so a large or hostile argument never holds up other requests; the handlers then use this instead
/// of decoding under the lock. Calls made by canisters carry none and are decoded when they execute.
/// </summary>
internal sealed class DecodedArgument
{
    private static readonly Dictionary<string, Func<byte[], object>> ManagementMethods = new(StringComparer.Ordinal)
    {
        ["create_canister"] = Management<CreateCanisterArgs>,
        ["provisional_create_canister_with_cycles"] = Management<ProvisionalCreateCanisterArgs>,
        ["provisional_top_up_canister"] = Management<ProvisionalTopUpArgs>,
        ["deposit_cycles"] = Management<CanisterIdRecord>,
        ["install_code"] = Management<InstallCodeArgs>,
        ["install_chunked_code"] = Management<InstallChunkedCodeArgs>,
        ["uninstall_code"] = Management<CanisterIdRecord>,
        ["upload_chunk"] = Management<UploadChunkArgs>,
        ["clear_chunk_store"] = Management<CanisterIdRecord>,
        ["stored_chunks"] = Management<CanisterIdRecord>,
        ["update_settings"] = Management<UpdateSettingsArgs>,
        ["start_canister"] = Management<CanisterIdRecord>,
        ["stop_canister"] = Management<CanisterIdRecord>,
        ["canister_status"] = Management<CanisterIdRecord>,
        ["delete_canister"] = Management<CanisterIdRecord>,
    };

    private readonly object? _value;
    private readonly Exception? _error;

    private DecodedArgument(object? value, Exception? error)
    {
        _value = value;
        _error = error;
    }

    /// <summary>
    /// Decodes <paramref name="arg"/> at the type <paramref name="method"/> of <paramref name="receiver"/> takes, when
    /// the replica serves that method itself; null for canisters' methods (their Wasm reads the argument).
    /// </summary>
    public static DecodedArgument? Decode(Principal receiver, string method, byte[] arg)
    {
        Func<byte[], object>? decode =
            receiver.IsManagementCanister ? ManagementMethods.GetValueOrDefault(method)
            : receiver == SystemCanisters.CyclesLedger && method == "create_canister" ? SystemCanister<LedgerCreateCanisterArgs>
            : receiver == SystemCanisters.Registry && method == "get_subnet_for_canister" ? SystemCanister<SubnetForCanisterRequest>
            : null;
        if (decode is null) return null;
        // create_canister and provisional creation take an empty argument as "no settings"; the handlers see to that.
        if (arg.Length == 0) return null;
        try { return new DecodedArgument(decode(arg), null); }
        catch (Exception e) when (e is CandidDecodeException or CandidTypeException) { return new DecodedArgument(null, e); }
    }

    /// <summary>The argument as decoded, or <paramref name="arg"/> decoded now when it was not decoded ahead.</summary>
    /// <exception cref="CandidDecodeException">The argument is not a valid Candid message of that type.</exception>
    /// <exception cref="CandidTypeException">The argument's types do not match.</exception>
    public static T Get<T>(DecodedArgument? decoded, byte[] arg, CandidSerializerOptions options)
    {
        if (decoded is null) return CandidSerializer.Deserialize<T>(arg, options);
        if (decoded._error is not null) ExceptionDispatchInfo.Throw(decoded._error);
        return (T)decoded._value!;
    }

    private static object Management<T>(byte[] arg) => CandidSerializer.Deserialize<T>(arg, ManagementCandid.Options)!;

    private static object SystemCanister<T>(byte[] arg) => CandidSerializer.Deserialize<T>(arg, SystemCanisterCandid.Options)!;
}
