using Icp.Candid;
using Icp.Replica.Execution;
using Icp.Replica.Management;
using Icp.Replica.State;
using Wasmtime;

namespace Icp.Replica;

/// <summary>
/// The replica's state machine: canisters, the message queue, time and the request-status table. Everything
/// runs on the caller's thread, one message at a time, in queue order, so runs are deterministic.
/// </summary>
internal sealed partial class ReplicaCore : IDisposable
{
    private readonly Queue<QueuedMessage> _queue = new();
    private readonly ManagementCanisterHandler _management;
    private readonly Action<CanisterState, byte[]> _print; // every message's debug_print sink: one delegate, not one per message

    public ReplicaCore(LocalReplicaOptions options, Principal subnetId)
    {
        SubnetId = subnetId;
        Options = options;
        Engine = ModuleCache.Engine;
        TimeNanos = IcTime.ToNanoseconds(options.InitialTime ?? DateTimeOffset.UtcNow);
        Ids = new CanisterIdAllocator(options.FirstCanisterId);
        Accounting = new Cycles.CyclesAccounting(options.InstructionLimit, options.ChargeCycles);
        _management = new ManagementCanisterHandler(this);
        _print = WriteLog;
        SystemCanisters = new SystemCanisters(this, _management);
    }

    public LocalReplicaOptions Options { get; }

    /// <summary>The id of the one subnet this replica runs: what certificates, <c>ic0.subnet_self</c> and the registry stand-in all show.</summary>
    public Principal SubnetId { get; }

    /// <summary>The Wasmtime engine (memory64 and fuel enabled), shared by all canisters of all replicas in the process so they share compiled modules.</summary>
    public Engine Engine { get; }

    /// <summary>Canisters by id.</summary>
    public SortedDictionary<Principal, CanisterState> Canisters { get; } = new();

    /// <summary>The built-in stand-ins for the cycles ledger, CMC and registry.</summary>
    public SystemCanisters SystemCanisters { get; }

    /// <summary>Allocates canister ids.</summary>
    public CanisterIdAllocator Ids { get; }

    /// <summary>Replica time in nanoseconds since the Unix epoch (what <c>ic0.time</c> returns).</summary>
    public ulong TimeNanos { get; set; }

    /// <summary>Status of every request submitted from outside, by request id.</summary>
    public RequestStatusTable Requests { get; } = new();

    /// <summary>Makes data certificates for queries when <see cref="LocalReplicaOptions.DataCertificateProvider"/> is not set (the certifier).</summary>
    public Func<Principal, byte[], byte[]?>? DataCertificates { get; set; }

    /// <summary>Receives every canister log line (debug prints and traps).</summary>
    public event Action<Principal, CanisterLogRecord>? LogWritten;

    /// <summary>Looks up a canister.</summary>
    public CanisterState? Find(Principal id) => Canisters.GetValueOrDefault(id);

    /// <summary>Creates an empty canister.</summary>
    public CanisterState CreateCanister(IEnumerable<Principal> controllers, UInt128 cycles, Principal? specifiedId = null)
    {
        var id = specifiedId ?? Ids.Next(Canisters.ContainsKey);
        if (Canisters.ContainsKey(id)) throw new CallRejectedException(RejectCode.CanisterError, $"Canister {id} is already installed.", "IC0518");
        var canister = new CanisterState(id, controllers, cycles) { ResourcesChargedAtNanos = TimeNanos };
        Canisters[id] = canister;
        return canister;
    }

    /// <summary>
    /// Submits an update call from outside (an ingress message) and runs the queue until it is answered; returns its
    /// response. In-process calls keep no request status: the caller gets the response itself, no reader could ask
    /// for a status by the call's id, and statuses kept for every call grew without end (the IC prunes them after
    /// five minutes; the certified HTTP ingress messages of <see cref="SubmitIngress"/> keep theirs).
    /// </summary>
    /// <param name="sender">The sender.</param>
    /// <param name="canisterId">The receiver.</param>
    /// <param name="method">The method.</param>
    /// <param name="arg">The argument.</param>
    /// <param name="decoded">The argument decoded before the lock was taken (see <see cref="DecodedArgument"/>).</param>
    public Response CallFromIngress(Principal sender, Principal canisterId, string method, byte[] arg, DecodedArgument? decoded = null)
    {
        Response? result = null;
        InspectIngress(sender, canisterId, method, arg);
        _queue.Enqueue(new CallRequest(sender, canisterId, method, arg, 0, new IngressOrigin(null, r => result = r), 0) { Decoded = decoded });
        RunUntilIdle();
        return result ?? throw new InvalidOperationException($"the call to {method} on {canisterId} was not answered");
    }

    /// <summary>
    /// Submits an HTTP ingress message that passed the ingress filter and runs the queue. Its outcome lands in
    /// <see cref="Requests"/> under <paramref name="requestId"/>; it may stay <c>processing</c> (a call still waiting).
    /// With <paramref name="execute"/> false it only waits in the queue (<c>received</c>) until the next
    /// <see cref="RunUntilIdle"/> or <see cref="Tick"/>, as PocketIC's submit-then-await does.
    /// </summary>
    public void SubmitIngress(Principal sender, Principal canisterId, string method, byte[] arg, string requestId, bool execute = true, DecodedArgument? decoded = null)
    {
        Requests.Set(requestId, new IngressStatus(execute ? RequestState.Processing : RequestState.Received, null));
        _queue.Enqueue(new CallRequest(sender, canisterId, method, arg, 0, new IngressOrigin(requestId, _ => { }), 0) { Decoded = decoded });
        if (execute) RunUntilIdle();
    }

    /// <summary>Executes queued messages until none are left.</summary>
    public void RunUntilIdle()
    {
        int executed = 0;
        while (_queue.TryDequeue(out var message))
        {
            if (++executed > Options.MaxMessagesPerRound)
                throw new InvalidOperationException($"more than {Options.MaxMessagesPerRound} messages in one round: the canisters call each other without end");
            switch (message)
            {
                case CallRequest request: ExecuteRequest(request); break;
                case ResponseMessage response: ExecuteResponse(response); break;
            }
        }
    }

    /// <summary>One round: fires due global timers and heartbeats, then runs the queue.</summary>
    public void Tick()
    {
        ChargeAllForResources();
        foreach (var canister in Canisters.Values.ToList())
        {
            if (canister.Code is null || canister.Status != CanisterRunStatus.Running) continue;
            if (!CanPrepayExecution(canister)) continue; // frozen: its timer stays set until it can pay again
            if (canister.GlobalTimer != 0 && canister.GlobalTimer <= TimeNanos)
            {
                // The timer is deactivated before the handler runs; the handler may set it again.
                canister.GlobalTimer = 0;
                if (canister.Code.Exports.Contains("canister_global_timer")) RunSystemTask(canister, "canister_global_timer");
            }
            if (canister.Code.Exports.Contains("canister_heartbeat")) RunSystemTask(canister, "canister_heartbeat");
        }
        RunUntilIdle();
    }

    /// <summary>Sends a response to wherever the call came from.</summary>
    private void Deliver(CallOrigin origin, Response response)
    {
        switch (origin)
        {
            case IngressOrigin ingress:
                if (ingress.RequestId is { } requestId)
                    Requests.Set(requestId, new IngressStatus(response.IsReply ? RequestState.Replied : RequestState.Rejected, response));
                ingress.Sink(response);
                break;
            case CanisterOrigin canister:
                _queue.Enqueue(new ResponseMessage(canister.Caller, canister.CallbackId, response));
                break;
        }
    }

    private void ExecuteRequest(CallRequest request)
    {
        if (request.Receiver.IsManagementCanister)
        {
            _management.Execute(request, response => Deliver(request.Origin, response));
            return;
        }
        if (SystemCanisters.Serves(request.Receiver))
        {
            Deliver(request.Origin, SystemCanisters.Update(request));
            return;
        }
        var canister = Find(request.Receiver);
        if (canister is null)
        {
            Deliver(request.Origin, Response.Rejected(RejectCode.DestinationInvalid, $"Canister {request.Receiver} not found", ErrorCodes.CanisterNotFound, request.Cycles));
            return;
        }
        if (canister.Status != CanisterRunStatus.Running)
        {
            bool stopped = canister.Status == CanisterRunStatus.Stopped;
            Deliver(request.Origin, Response.Rejected(RejectCode.CanisterError,
                $"Canister {canister.Id} is {(stopped ? "stopped" : "stopping")} and therefore does not have a CallContextManager",
                stopped ? ErrorCodes.CanisterStopped : ErrorCodes.CanisterStopping, request.Cycles));
            return;
        }
        ChargeForResources(canister);
        if (ChargeIngressInduction(canister, request) is { } unpaid)
        {
            Deliver(request.Origin, unpaid with { Refund = request.Cycles });
            return;
        }
        ExecuteCall(canister, request);
    }

    private void ExecuteResponse(ResponseMessage message)
    {
        var canister = Find(message.Receiver);
        if (canister is null || !canister.Callbacks.Remove(message.CallbackId, out var callback)) return; // deleted or reinstalled meanwhile
        canister.Cycles += message.Response.Refund;
        var prepayment = ReceiveResponse(canister, message.Response);
        if (canister.CallContexts.TryGetValue(callback.CallContextId, out var context))
        {
            context.OutstandingCallbacks--;
            RunCallback(canister, context, callback, message.Response);
        }
        RefundExecution(canister, prepayment);
    }

    /// <summary>Closes a call context once it has responded and nothing is outstanding; completes a pending stop.</summary>
    private void MaybeClose(CanisterState canister, CallContext context)
    {
        if (context.Responded && context.OutstandingCallbacks == 0) canister.CallContexts.Remove(context.Id);
        MaybeStopped(canister);
    }

    /// <summary>A stopping canister becomes stopped when its last call context closes.</summary>
    internal void MaybeStopped(CanisterState canister)
    {
        if (canister.Status != CanisterRunStatus.Stopping || canister.CallContexts.Count != 0) return;
        canister.Status = CanisterRunStatus.Stopped;
        var waiters = canister.StopWaiters.ToList();
        canister.StopWaiters.Clear();
        foreach (var reply in waiters) reply();
    }

    /// <summary>Sends the response of a call context (once), refunding the cycles it did not accept.</summary>
    private void Respond(CallContext context, Response response)
    {
        if (context.Responded) return;
        context.Responded = true;
        var refund = context.AvailableCycles;
        context.AvailableCycles = 0;
        Deliver(context.Origin, response with { Refund = refund });
    }

    /// <summary>Rejects every open call context (on uninstall and reinstall) and forgets their callbacks.</summary>
    internal void RejectOpenCallContexts(CanisterState canister, string why)
    {
        foreach (var context in canister.CallContexts.Values.ToList())
            Respond(context, Response.Rejected(RejectCode.CanisterReject, why, ErrorCodes.CanisterRejectedMessage));
        canister.CallContexts.Clear();
        canister.Callbacks.Clear();
        MaybeStopped(canister);
    }

    /// <summary>Appends to a canister's log and tells listeners.</summary>
    internal void WriteLog(CanisterState canister, byte[] content)
    {
        var record = new CanisterLogRecord(canister.NextLogIndex++, TimeNanos, content);
        canister.Log.Enqueue(record);
        if (canister.Log.Count > Options.MaxLogRecordsPerCanister) canister.Log.Dequeue();
        LogWritten?.Invoke(canister.Id, record);
    }

    public void Dispose()
    {
        foreach (var canister in Canisters.Values)
        {
            canister.Instance?.Dispose();
        }
        // The engine is the process's (ModuleCache.Engine), shared with every other replica.
    }
}
