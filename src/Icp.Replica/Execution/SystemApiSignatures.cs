using Wasmtime;

namespace Icp.Replica.Execution;

/// <summary>
/// The types of the ic0 functions, as the System API specification writes them: <c>I</c> is a pointer or size
/// (i32 for a 32-bit memory, i64 for memory64), <c>i</c> is i32, <c>l</c> is i64. The text left of ':' lists the
/// parameters, right of it the results.
/// </summary>
internal readonly record struct SystemApiSignature(string Params, string Results)
{
    /// <summary>The Wasm types for a module with the given memory width.</summary>
    public (ValueKind[] Params, ValueKind[] Results) Resolve(bool memory64) => (Map(Params, memory64), Map(Results, memory64));

    private static ValueKind[] Map(string s, bool memory64) =>
        s.Select(c => c switch
        {
            'I' => memory64 ? ValueKind.Int64 : ValueKind.Int32,
            'i' => ValueKind.Int32,
            _ => ValueKind.Int64,
        }).ToArray();
}

/// <summary>The table of ic0 functions we provide.</summary>
internal static class SystemApiSignatures
{
    private static readonly Dictionary<string, SystemApiSignature> Table = new(StringComparer.Ordinal)
    {
        ["msg_arg_data_size"] = new("", "I"),
        ["msg_arg_data_copy"] = new("III", ""),
        ["msg_caller_size"] = new("", "I"),
        ["msg_caller_copy"] = new("III", ""),
        ["msg_reject_code"] = new("", "i"),
        ["msg_reject_msg_size"] = new("", "I"),
        ["msg_reject_msg_copy"] = new("III", ""),
        ["msg_deadline"] = new("", "l"),
        ["msg_reply_data_append"] = new("II", ""),
        ["msg_reply"] = new("", ""),
        ["msg_reject"] = new("II", ""),
        ["msg_cycles_available"] = new("", "l"),
        ["msg_cycles_available128"] = new("I", ""),
        ["msg_cycles_refunded"] = new("", "l"),
        ["msg_cycles_refunded128"] = new("I", ""),
        ["msg_cycles_accept"] = new("l", "l"),
        ["msg_cycles_accept128"] = new("llI", ""),
        ["msg_method_name_size"] = new("", "I"),
        ["msg_method_name_copy"] = new("III", ""),
        ["accept_message"] = new("", ""),
        ["cycles_burn128"] = new("llI", ""),
        ["canister_self_size"] = new("", "I"),
        ["canister_self_copy"] = new("III", ""),
        ["canister_cycle_balance"] = new("", "l"),
        ["canister_cycle_balance128"] = new("I", ""),
        ["canister_liquid_cycle_balance128"] = new("I", ""),
        ["canister_status"] = new("", "i"),
        ["canister_version"] = new("", "l"),
        ["subnet_self_size"] = new("", "I"),
        ["subnet_self_copy"] = new("III", ""),
        ["call_new"] = new("IIIIIIII", ""),
        ["call_on_cleanup"] = new("II", ""),
        ["call_data_append"] = new("II", ""),
        ["call_with_best_effort_response"] = new("i", ""),
        ["call_cycles_add"] = new("l", ""),
        ["call_cycles_add128"] = new("ll", ""),
        ["call_perform"] = new("", "i"),
        ["stable_size"] = new("", "i"),
        ["stable_grow"] = new("i", "i"),
        ["stable_write"] = new("iii", ""),
        ["stable_read"] = new("iii", ""),
        ["stable64_size"] = new("", "l"),
        ["stable64_grow"] = new("l", "l"),
        ["stable64_write"] = new("lll", ""),
        ["stable64_read"] = new("lll", ""),
        ["certified_data_set"] = new("II", ""),
        ["data_certificate_present"] = new("", "i"),
        ["data_certificate_size"] = new("", "I"),
        ["data_certificate_copy"] = new("III", ""),
        ["time"] = new("", "l"),
        ["global_timer_set"] = new("l", "l"),
        ["performance_counter"] = new("i", "l"),
        ["is_controller"] = new("II", "i"),
        ["in_replicated_execution"] = new("", "i"),
        ["cost_call"] = new("llI", ""),
        ["cost_create_canister"] = new("I", ""),
        ["cost_http_request"] = new("llI", ""),
        ["debug_print"] = new("II", ""),
        ["trap"] = new("II", ""),
    };

    /// <summary>Names of every ic0 function we provide.</summary>
    public static IEnumerable<string> Names => Table.Keys;

    /// <summary>Looks up a function's signature.</summary>
    public static bool TryGet(string name, out SystemApiSignature signature) => Table.TryGetValue(name, out signature);

    /// <summary>Formats a function type the way Wasm text does, for error messages.</summary>
    public static string Format(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results) =>
        $"({string.Join(", ", parameters.Select(Name))}) -> ({string.Join(", ", results.Select(Name))})";

    private static string Name(ValueKind k) => k switch
    {
        ValueKind.Int32 => "i32",
        ValueKind.Int64 => "i64",
        ValueKind.Float32 => "f32",
        ValueKind.Float64 => "f64",
        _ => k.ToString(),
    };
}
