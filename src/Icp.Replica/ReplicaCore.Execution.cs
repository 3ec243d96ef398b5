using Icp.Candid;
using Icp.Replica.Execution;
using Icp.Replica.Management;
using Icp.Replica.State;

namespace Icp.Replica;

/// <summary>Running canister code: calls, callbacks, system tasks and queries, with rollback on trap.</summary>
internal sealed partial class ReplicaCore
{
    /// <summary>What a message may need to roll back: main memory and globals, and stable memory.</summary>
    private sealed record CanisterSnapshot(InstanceSnapshot Instance, StableMemory.Checkpoint Stable);

    private static CanisterSnapshot TakeSnapshot(CanisterState canister) =>
        new(canister.Instance!.Snapshot(), canister.StableMemory.Snapshot());

    private void Restore(CanisterState canister, CanisterSnapshot snapshot)
    {
        var instance = canister.Instance!;
        if (!instance.TryRestore(snapshot.Instance))
        {
            // Memory grew during the message and Wasm memories cannot shrink: rebuild the instance.
            var api = instance.Api;
            byte[] memory = snapshot.Instance.Memory; // before Dispose, which closes a checkpoint's image
            instance.Dispose();
            canister.Instance = CanisterInstance.Create(Engine, canister.Code!, api, null, memory, snapshot.Instance.Globals);
        }
        canister.StableMemory.Restore(snapshot.Stable);
    }

    /// <summary>Ends a snapshot keeping the message's changes.</summary>
    private static void Release(CanisterState canister, CanisterSnapshot snapshot)
    {
        canister.Instance!.Release(snapshot.Instance);
        canister.StableMemory.Release(snapshot.Stable);
    }

    /// <summary>The context a module's start function runs in (instantiation).</summary>
    private MessageContext StartContext(CanisterState canister) => NewContext(ApiType.Start, canister, canister.Id, Options.InstallInstructionLimit);

    private MessageContext NewContext(ApiType api, CanisterState canister, Principal caller, long limit) =>
        new(api, canister, caller, TimeNanos)
        {
            InstructionLimit = limit,
            Print = _print,
        };

    /// <summary>
    /// Runs one message. On a trap the canister returns to where it was before, and the trap is logged; when
    /// <paramref name="persist"/> is false (queries) it returns there in any case. Returns true on success.
    /// </summary>
    private bool Run(CanisterState canister, MessageContext context, Action<CanisterInstance> body, bool persist)
    {
        var snapshot = TakeSnapshot(canister);
        try
        {
            body(canister.Instance!);
        }
        catch (CanisterTrapException trap)
        {
            context.Trap = trap.Message;
            context.TrapErrorCode = trap.ErrorCode;
            context.TrapIsDescription = trap.IsDescription;
        }
        catch
        {
            Restore(canister, snapshot); // a fault of ours, not the canister's: nothing of the message stays
            throw;
        }
        bool ok = context.Trap is null;
        if (!ok || !persist) Restore(canister, snapshot);
        else Release(canister, snapshot);
        if (!ok) WriteLog(canister, System.Text.Encoding.UTF8.GetBytes($"[TRAP]: {context.Trap}"));
        if (ok && persist)
        {
            canister.Executions++;
            Commit(canister, context);
        }
        return ok;
    }

    /// <summary>Applies a successful message's buffered effects and sends the calls it made.</summary>
    private void Commit(CanisterState canister, MessageContext context)
    {
        if (context.NewCertifiedData is not null) canister.CertifiedData = context.NewCertifiedData;
        if (context.NewGlobalTimer is not null) canister.GlobalTimer = context.NewGlobalTimer.Value;
        if (context.CallContext is not null) context.CallContext.AvailableCycles -= context.Accepted;
        canister.Cycles = context.Balance;
        if (context.Building is { } abandoned) canister.Cycles += abandoned.Cycles; // never performed: cycles return
        canister.Version++;
        foreach (var call in context.Calls)
        {
            var callContext = context.CallContext!;
            ulong callbackId = canister.NextCallbackId++;
            canister.Callbacks[callbackId] = new Callback(callbackId, callContext.Id, call.ReplyFun, call.ReplyEnv, call.RejectFun, call.RejectEnv,
                call.CleanupFun, call.CleanupEnv, call.Callee, call.Method);
            callContext.OutstandingCallbacks++;
            ulong deadline = call.TimeoutSeconds is { } seconds ? TimeNanos + seconds * 1_000_000_000UL : 0;
            _queue.Enqueue(new CallRequest(canister.Id, call.Callee, call.Method, call.Arg.ToArray(), call.Cycles,
                new CanisterOrigin(canister.Id, callbackId), deadline));
        }
    }

    /// <summary>The reject a caller sees when the canister trapped.</summary>
    private static Response TrapResponse(CanisterState canister, MessageContext context) => context.TrapErrorCode switch
    {
        _ when context.TrapIsDescription => Response.Rejected(RejectCode.CanisterError, $"Error from Canister {canister.Id}: {context.Trap}", context.TrapErrorCode),
        ErrorCodes.CanisterCalledTrap => Response.Rejected(RejectCode.CanisterError,
            $"Error from Canister {canister.Id}: Canister called `ic0.trap` with message: '{context.Trap}'", ErrorCodes.CanisterCalledTrap),
        ErrorCodes.CanisterInstructionLimitExceeded => Response.Rejected(RejectCode.CanisterError,
            $"Error from Canister {canister.Id}: {context.Trap}", ErrorCodes.CanisterInstructionLimitExceeded),
        var code => Response.Rejected(RejectCode.CanisterError, $"Error from Canister {canister.Id}: Canister trapped: {context.Trap}", code),
    };

    /// <summary>After a message of a call context: respond if the message did, or if nothing can respond any more.</summary>
    private void Settle(CanisterState canister, CallContext callContext, MessageContext context, bool ok)
    {
        if (ok && context.Response is not null) Respond(callContext, context.Response);
        if (!callContext.Responded && callContext.OutstandingCallbacks == 0)
            Respond(callContext, ok
                ? Response.Rejected(RejectCode.CanisterError, $"Error from Canister {canister.Id}: Canister did not reply to the call", ErrorCodes.CanisterDidNotReply)
                : TrapResponse(canister, context));
        MaybeClose(canister, callContext);
    }

    private void ExecuteCall(CanisterState canister, CallRequest request)
    {
        var code = canister.Code;
        if (code is null)
        {
            Deliver(request.Origin, Response.Rejected(RejectCode.DestinationInvalid,
                $"Error from Canister {canister.Id}: Attempted to execute a message, but the canister contains no Wasm module.", ErrorCodes.CanisterWasmModuleNotFound, request.Cycles));
            return;
        }
        ApiType api = ApiType.Update;
        if (!code.UpdateExports.TryGetValue(request.Method, out var export))
        {
            api = ApiType.ReplicatedQuery;
            if (!code.QueryExports.TryGetValue(request.Method, out export)) api = ApiType.Start;
        }
        if (export is null)
        {
            string what = code.CompositeQueryMethods.Contains(request.Method)
                ? $"Composite query cannot be called in replicated mode: {request.Method}"
                : $"Canister has no update method '{request.Method}'.";
            Deliver(request.Origin, Response.Rejected(RejectCode.DestinationInvalid, $"Error from Canister {canister.Id}: {what}", ErrorCodes.CanisterMethodNotFound, request.Cycles));
            return;
        }
        if (PrepayExecution(canister, request.Sender, Options.InstructionLimit, out var prepayment) is { } unpaid)
        {
            Deliver(request.Origin, unpaid with { Refund = request.Cycles });
            return;
        }
        var callContext = new CallContext(canister.NextCallContextId++, request.Origin, request.Sender, request.Method, request.Cycles, request.Deadline);
        canister.CallContexts[callContext.Id] = callContext;
        var context = new MessageContext(api, canister, request.Sender, TimeNanos)
        {
            Arg = request.Arg,
            MethodName = request.Method,
            CallContext = callContext,
            InstructionLimit = Options.InstructionLimit,
            Print = _print,
        };
        bool ok = Run(canister, context, instance => instance.InvokeExport(export, context), persist: true);
        Settle(canister, callContext, context, ok);
        RefundExecution(canister, prepayment);
    }

    private void RunCallback(CanisterState canister, CallContext callContext, Callback callback, Response response)
    {
        var code = canister.Code!;
        var context = new MessageContext(response.IsReply ? ApiType.ReplyCallback : ApiType.RejectCallback, canister, callContext.Caller, TimeNanos)
        {
            Arg = response.Reply,
            RejectCode = response.IsReply ? 0 : (int)response.Code,
            RejectMessage = response.Message,
            Refunded = response.Refund,
            CallContext = callContext,
            InstructionLimit = Options.InstructionLimit,
            Print = _print,
        };
        long fun = response.IsReply ? callback.ReplyFun : callback.RejectFun;
        long env = response.IsReply ? callback.ReplyEnv : callback.RejectEnv;
        bool ok = Run(canister, context, instance => instance.InvokeCallback(fun, env, code.Memory64, context), persist: true);
        if (!ok && callback.CleanupFun is { } cleanup)
        {
            // The cleanup callback runs after a trapping callback; its own changes persist unless it traps too.
            var cleanupContext = NewContext(ApiType.Cleanup, canister, callContext.Caller, Options.InstructionLimit);
            Run(canister, cleanupContext, instance => instance.InvokeCallback(cleanup, callback.CleanupEnv, code.Memory64, cleanupContext), persist: true);
        }
        Settle(canister, callContext, context, ok);
    }

    private void RunSystemTask(CanisterState canister, string export)
    {
        if (PrepayExecution(canister, canister.Id, Options.InstructionLimit, out var prepayment) is not null) return;
        var callContext = new CallContext(canister.NextCallContextId++, new SystemOrigin(), canister.Id, export, 0, 0) { Responded = true };
        canister.CallContexts[callContext.Id] = callContext;
        var context = new MessageContext(ApiType.SystemTask, canister, canister.Id, TimeNanos)
        {
            CallContext = callContext,
            InstructionLimit = Options.InstructionLimit,
            Print = _print,
        };
        Run(canister, context, instance => instance.InvokeExport(export, context), persist: true);
        MaybeClose(canister, callContext);
        RefundExecution(canister, prepayment);
    }

    /// <summary>
    /// The ingress filter of the HTTP interface: the checks a replica makes before it accepts an update call (the
    /// canister exists, runs, has code and the method, and <c>canister_inspect_message</c> accepts it). Null when
    /// accepted; otherwise the rejection, which is answered directly and never enters the state.
    /// </summary>
    public Response? FilterIngress(Principal sender, Principal canisterId, string method, byte[] arg)
    {
        if (canisterId.IsManagementCanister || SystemCanisters.Serves(canisterId)) return null;
        var canister = Find(canisterId);
        if (canister is null) return Response.Rejected(RejectCode.DestinationInvalid, $"Canister {canisterId} not found", ErrorCodes.CanisterNotFound);
        if (canister.Status != CanisterRunStatus.Running)
        {
            bool stopped = canister.Status == CanisterRunStatus.Stopped;
            return Response.Rejected(RejectCode.CanisterError,
                $"Canister {canisterId} is {(stopped ? "stopped" : "stopping")} and therefore does not have a CallContextManager",
                stopped ? ErrorCodes.CanisterStopped : ErrorCodes.CanisterStopping);
        }
        if (canister.Code is not { } code)
            return Response.Rejected(RejectCode.DestinationInvalid,
                $"Error from Canister {canisterId}: Attempted to execute a message, but the canister contains no Wasm module.", ErrorCodes.CanisterWasmModuleNotFound);
        if (!code.UpdateMethods.Contains(method) && !code.QueryMethods.Contains(method))
            return Response.Rejected(RejectCode.DestinationInvalid, $"Error from Canister {canisterId}: Canister has no update method '{method}'.", ErrorCodes.CanisterMethodNotFound);
        if (CheckIngressInduction(canister, sender, method, arg) is { } unaffordable) return unaffordable;
        try { InspectIngress(sender, canisterId, method, arg); }
        catch (CallRejectedException e) { return Response.Rejected(e.RejectCode, e.RejectMessage, e.ErrorCode); }
        return null;
    }

    /// <summary>Runs <c>canister_inspect_message</c>, when exported, before an ingress update is accepted.</summary>
    private void InspectIngress(Principal sender, Principal canisterId, string method, byte[] arg)
    {
        var canister = Find(canisterId);
        if (canister?.Code is not { } code || !code.Exports.Contains("canister_inspect_message") || canister.Status != CanisterRunStatus.Running) return;
        if (!code.UpdateMethods.Contains(method)) return;
        var context = new MessageContext(ApiType.InspectMessage, canister, sender, TimeNanos)
        {
            Arg = arg,
            MethodName = method,
            Replicated = false,
            InstructionLimit = Options.QueryInstructionLimit,
            Print = _print,
        };
        bool ok = Run(canister, context, instance => instance.InvokeExport("canister_inspect_message", context), persist: false);
        if (!ok) throw new CallRejectedException(RejectCode.CanisterError, $"Error from Canister {canisterId}: Canister trapped in inspect_message: {context.Trap}", context.TrapErrorCode);
        if (!context.MessageAccepted)
            throw new CallRejectedException(RejectCode.CanisterReject, $"Error from Canister {canisterId}: Canister rejected the message", ErrorCodes.CanisterRejectedMessage);
    }

    /// <summary>
    /// A query call: runs <c>canister_query</c> or <c>canister_composite_query</c> and throws every change away.
    /// A composite query's calls to other canisters' queries run at once, nested, before its callbacks.
    /// </summary>
    public Response Query(Principal sender, Principal canisterId, string method, byte[] arg, int depth = 0, DecodedArgument? decoded = null)
    {
        if (SystemCanisters.Serves(canisterId)) return SystemCanisters.Query(canisterId, method, arg, decoded);
        if (canisterId.IsManagementCanister) return _management.Query(sender, method, arg, decoded);
        var canister = Find(canisterId);
        if (canister is null) return Response.Rejected(RejectCode.DestinationInvalid, $"Canister {canisterId} not found", ErrorCodes.CanisterNotFound);
        if (canister.Status != CanisterRunStatus.Running)
            return Response.Rejected(RejectCode.CanisterError, $"Canister {canisterId} is {canister.Status.ToString().ToLowerInvariant()}", canister.Status == CanisterRunStatus.Stopped ? ErrorCodes.CanisterStopped : ErrorCodes.CanisterStopping);
        if (canister.Code is not { } code)
            return Response.Rejected(RejectCode.DestinationInvalid, $"Error from Canister {canisterId}: Attempted to execute a message, but the canister contains no Wasm module.", ErrorCodes.CanisterWasmModuleNotFound);
        if (FrozenForQueries(canister) is { } frozen) return frozen;
        bool composite = code.CompositeQueryMethods.Contains(method);
        if (!composite && !code.QueryMethods.Contains(method))
            return Response.Rejected(RejectCode.DestinationInvalid, $"Error from Canister {canisterId}: Canister has no query method '{method}'.", ErrorCodes.CanisterMethodNotFound);
        if (depth > Options.MaxCompositeQueryDepth)
            return Response.Rejected(RejectCode.CanisterError, "Composite query call graph is too deep", ErrorCodes.CanisterContractViolation);

        var callContext = new CallContext(0, new SystemOrigin(), sender, method, 0, 0);
        var context = new MessageContext(composite ? ApiType.CompositeQuery : ApiType.NonReplicatedQuery, canister, sender, TimeNanos)
        {
            Arg = arg,
            MethodName = method,
            CallContext = callContext,
            Replicated = false,
            DataCertificateSource = (Options.DataCertificateProvider ?? DataCertificates) is { } provider
                ? () => provider(canister.Id, canister.CertifiedData)
                : null,
            InstructionLimit = Options.QueryInstructionLimit,
            Print = _print,
        };
        string export = composite ? code.CompositeQueryExports[method] : code.QueryExports[method];
        if (!composite)
        {
            bool ok = Run(canister, context, instance => instance.InvokeExport(export, context), persist: false);
            return !ok ? TrapResponse(canister, context)
                : context.Response ?? Response.Rejected(RejectCode.CanisterError, $"Error from Canister {canisterId}: Canister did not reply to the call", ErrorCodes.CanisterDidNotReply);
        }
        return RunCompositeQuery(canister, context, export, depth);
    }

    private Response RunCompositeQuery(CanisterState canister, MessageContext first, string export, int depth)
    {
        var code = canister.Code!;
        var callContext = first.CallContext!;
        // One snapshot for the whole composite query: its callbacks see its earlier changes; all vanish at the end.
        var snapshot = TakeSnapshot(canister);
        try
        {
            var pending = new Queue<PendingCall>();
            MessageContext context = first;
            bool ok = Step(canister, context, instance => instance.InvokeExport(export, context));
            while (true)
            {
                if (!ok) return TrapResponse(canister, context);
                if (context.Response is not null) return context.Response;
                foreach (var call in context.Calls) pending.Enqueue(call);
                if (!pending.TryDequeue(out var next))
                    return Response.Rejected(RejectCode.CanisterError, $"Error from Canister {canister.Id}: Canister did not reply to the call", ErrorCodes.CanisterDidNotReply);
                Response response = next.Callee == canister.Id
                    ? Response.Rejected(RejectCode.CanisterError, "Composite query calls to the same canister are not supported", ErrorCodes.CanisterContractViolation)
                    : Query(canister.Id, next.Callee, next.Method, next.Arg.ToArray(), depth + 1);
                var callbackContext = new MessageContext(response.IsReply ? ApiType.CompositeReplyCallback : ApiType.CompositeRejectCallback, canister, callContext.Caller, TimeNanos)
                {
                    Arg = response.Reply,
                    RejectCode = response.IsReply ? 0 : (int)response.Code,
                    RejectMessage = response.Message,
                    CallContext = callContext,
                    Replicated = false,
                    InstructionLimit = Options.QueryInstructionLimit,
                    Print = _print,
                };
                context = callbackContext;
                long fun = response.IsReply ? next.ReplyFun : next.RejectFun;
                long env = response.IsReply ? next.ReplyEnv : next.RejectEnv;
                ok = Step(canister, context, instance => instance.InvokeCallback(fun, env, code.Memory64, callbackContext));
            }
        }
        finally
        {
            Restore(canister, snapshot);
        }
    }

    /// <summary>Runs one step of a composite query without snapshots (the whole query is rolled back at the end).</summary>
    private bool Step(CanisterState canister, MessageContext context, Action<CanisterInstance> body)
    {
        try
        {
            body(canister.Instance!);
            return true;
        }
        catch (CanisterTrapException trap)
        {
            context.Trap = trap.Message;
            context.TrapErrorCode = trap.ErrorCode;
            WriteLog(canister, System.Text.Encoding.UTF8.GetBytes($"[TRAP]: {trap.Message}"));
            return false;
        }
    }
}
