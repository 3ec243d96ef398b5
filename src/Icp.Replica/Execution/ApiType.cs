namespace Icp.Replica.Execution;

/// <summary>
/// The kind of entry point being run. The System API specification lists, per ic0 function, the contexts it
/// may be called from (I, G, U, RQ, NRQ, CQ, Ry, Rt, CRy, CRt, C, CC, F, T, s); these are those contexts.
/// </summary>
internal enum ApiType
{
    /// <summary>canister_init (I).</summary>
    Init,
    /// <summary>canister_pre_upgrade (G).</summary>
    PreUpgrade,
    /// <summary>canister_post_upgrade (I, as the spec treats it like init).</summary>
    PostUpgrade,
    /// <summary>canister_update (U).</summary>
    Update,
    /// <summary>canister_query run as an update call (RQ: replicated query).</summary>
    ReplicatedQuery,
    /// <summary>canister_query run as a query call (NRQ).</summary>
    NonReplicatedQuery,
    /// <summary>canister_composite_query (CQ).</summary>
    CompositeQuery,
    /// <summary>Reply callback (Ry).</summary>
    ReplyCallback,
    /// <summary>Reject callback (Rt).</summary>
    RejectCallback,
    /// <summary>Reply callback of a composite query (CRy).</summary>
    CompositeReplyCallback,
    /// <summary>Reject callback of a composite query (CRt).</summary>
    CompositeRejectCallback,
    /// <summary>Cleanup callback (C).</summary>
    Cleanup,
    /// <summary>canister_inspect_message (F).</summary>
    InspectMessage,
    /// <summary>canister_heartbeat and canister_global_timer (T: system task).</summary>
    SystemTask,
    /// <summary>canister_on_low_wasm_memory and the like.</summary>
    Start,
}

internal static class ApiTypeExtensions
{
    /// <summary>Queries and their callbacks never persist state.</summary>
    public static bool IsQuery(this ApiType t) => t is ApiType.NonReplicatedQuery or ApiType.CompositeQuery
        or ApiType.CompositeReplyCallback or ApiType.CompositeRejectCallback or ApiType.InspectMessage;

    /// <summary>Entry points that run for a call context and may reply to it.</summary>
    public static bool CanReply(this ApiType t) => t is ApiType.Update or ApiType.ReplicatedQuery or ApiType.NonReplicatedQuery
        or ApiType.CompositeQuery or ApiType.ReplyCallback or ApiType.RejectCallback or ApiType.CompositeReplyCallback
        or ApiType.CompositeRejectCallback;

    /// <summary>Entry points allowed to make calls: updates, composite queries, callbacks and system tasks.</summary>
    public static bool CanCall(this ApiType t) => t is ApiType.Update or ApiType.CompositeQuery or ApiType.ReplyCallback
        or ApiType.RejectCallback or ApiType.CompositeReplyCallback or ApiType.CompositeRejectCallback or ApiType.SystemTask;

    /// <summary>The spec's short name for the context, used in trap messages.</summary>
    public static string SpecName(this ApiType t) => t switch
    {
        ApiType.Init => "init",
        ApiType.PreUpgrade => "pre_upgrade",
        ApiType.PostUpgrade => "post_upgrade",
        ApiType.Update => "update",
        ApiType.ReplicatedQuery => "replicated query",
        ApiType.NonReplicatedQuery => "non-replicated query",
        ApiType.CompositeQuery => "composite query",
        ApiType.ReplyCallback => "reply callback",
        ApiType.RejectCallback => "reject callback",
        ApiType.CompositeReplyCallback => "composite query reply callback",
        ApiType.CompositeRejectCallback => "composite query reject callback",
        ApiType.Cleanup => "cleanup",
        ApiType.InspectMessage => "inspect message",
        ApiType.SystemTask => "system task",
        _ => "start",
    };
}
