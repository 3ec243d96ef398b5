using System.Buffers.Binary;
using System.Text;
using Icp.Candid;
using Icp.Replica.Cycles;
using Icp.Replica.State;
using Wasmtime;

namespace Icp.Replica.Execution;

/// <summary>Thrown inside a System API function to trap the running message.</summary>
internal sealed class CanisterTrapException(string message, string errorCode, bool isDescription = false) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;

    /// <summary>True when the message is the whole description (after "Error from Canister id: "), not the text of a trap.</summary>
    public bool IsDescription { get; } = isDescription;
}

/// <summary>
/// The ic0 functions (IC interface specification, "System API"), bound to one canister instance's memory and
/// to the message running on it. Pointers and sizes arrive as <see cref="long"/> whether the module uses i32 or
/// i64 for them; 32-bit values are zero-extended first.
/// </summary>
internal sealed class SystemApi(Principal subnetId, CyclesAccounting accounting)
{
    private readonly byte[] _subnetId = subnetId.ToArray();
    private Memory? _memory;
    private BarrierMemory? _barrier;

    /// <summary>The message running now; null between messages.</summary>
    public MessageContext? Context { get; set; }

    /// <summary>Binds the instance's memory once it exists, and the write barrier that must hear of every write into it.</summary>
    public void Bind(Memory? memory, BarrierMemory? barrier = null)
    {
        _memory = memory;
        _barrier = barrier;
    }

    /// <summary>An ic0 function bound to this System API: its arguments (32-bit ones zero-extended), its result or 0.</summary>
    public delegate long Function(ReadOnlySpan<long> arguments);

    /// <summary>
    /// The ic0 function named <paramref name="name"/>, chosen once (when a module's imports are linked) rather than by
    /// comparing its name on every call. An unknown name resolves to a function that traps when called, as the IC
    /// rejects it only if the canister calls it.
    /// </summary>
    public Function Resolve(string name) => name switch
    {
        "msg_arg_data_size" => a => ArgData().Length,
        "msg_arg_data_copy" => a => Copy(name, a, ArgData()),
        "msg_caller_size" => a => CallerBytes(name).Length,
        "msg_caller_copy" => a => Copy(name, a, CallerBytes(name)),
        "msg_reject_code" => a => RejectCode(name),
        "msg_reject_msg_size" => a => RejectMessage(name).Length,
        "msg_reject_msg_copy" => a => Copy(name, a, RejectMessage(name)),
        "msg_deadline" => a => (long)(Ctx.CallContext?.Deadline ?? 0),
        "msg_reply_data_append" => a => ReplyAppend(name, a[0], a[1]),
        "msg_reply" => a => Reply(name),
        "msg_reject" => a => Reject(name, a[0], a[1]),
        "msg_cycles_available" => a => (long)Clamp64(Available(name)),
        "msg_cycles_available128" => a => Write128(a[0], Available(name)),
        "msg_cycles_refunded" => a => (long)Clamp64(Refunded(name)),
        "msg_cycles_refunded128" => a => Write128(a[0], Refunded(name)),
        "msg_cycles_accept" => a => (long)Accept(name, (ulong)a[0]),
        "msg_cycles_accept128" => a => Write128(a[2], Accept(name, ((UInt128)(ulong)a[0] << 64) | (ulong)a[1])),
        "msg_method_name_size" => a => MethodName(name).Length,
        "msg_method_name_copy" => a => Copy(name, a, MethodName(name)),
        "accept_message" => a => AcceptMessage(name),
        "cycles_burn128" => a => Write128(a[2], Burn(((UInt128)(ulong)a[0] << 64) | (ulong)a[1])),
        "canister_self_size" => a => Ctx.Canister.Id.Length,
        "canister_self_copy" => a => Copy(name, a, Ctx.Canister.Id.Bytes.ToArray()),
        "canister_cycle_balance" => a => (long)Clamp64(Ctx.Balance),
        "canister_cycle_balance128" => a => Write128(a[0], Ctx.Balance),
        "canister_liquid_cycle_balance128" => a => Write128(a[0], accounting.Liquid(Ctx.Canister, Ctx.Balance)),
        "canister_status" => a => (int)Ctx.Canister.Status,
        "canister_version" => a => (long)Ctx.Canister.Version,
        "subnet_self_size" => a => _subnetId.Length,
        "subnet_self_copy" => a => Copy(name, a, _subnetId),
        "call_new" => a => CallNew(name, a),
        "call_on_cleanup" => a => CallOnCleanup(name, a[0], a[1]),
        "call_data_append" => a => CallDataAppend(name, a[0], a[1]),
        "call_with_best_effort_response" => a => CallBestEffort(name, (uint)a[0]),
        "call_cycles_add" => a => CallCyclesAdd(name, (ulong)a[0]),
        "call_cycles_add128" => a => CallCyclesAdd(name, ((UInt128)(ulong)a[0] << 64) | (ulong)a[1]),
        "call_perform" => a => CallPerform(name),
        "stable_size" => a => Stable32Size(name),
        "stable_grow" => a => Stable32Grow(name, a[0]),
        "stable_write" => a => StableWrite(name, a[0], a[1], a[2], is32: true),
        "stable_read" => a => StableRead(name, a[0], a[1], a[2], is32: true),
        "stable64_size" => a => Ctx.Canister.StableMemory.Pages,
        "stable64_grow" => a => Ctx.Canister.StableMemory.Grow(a[0]),
        "stable64_write" => a => StableWrite(name, a[0], a[1], a[2], is32: false),
        "stable64_read" => a => StableRead(name, a[0], a[1], a[2], is32: false),
        "certified_data_set" => a => CertifiedDataSet(name, a[0], a[1]),
        "data_certificate_present" => a => Ctx.DataCertificate is null ? 0 : 1,
        "data_certificate_size" => a => Certificate(name).Length,
        "data_certificate_copy" => a => Copy(name, a, Certificate(name)),
        "time" => a => (long)Ctx.TimeNanos,
        "global_timer_set" => a => GlobalTimerSet(name, (ulong)a[0]),
        "performance_counter" => a => PerformanceCounter(name, a[0]),
        "is_controller" => a => IsController(name, a[0], a[1]),
        "in_replicated_execution" => a => Ctx.Replicated ? 1 : 0,
        "cost_call" => a => Write128(a[2], CyclesRates.CallCost((ulong)a[0], (ulong)a[1])),
        "cost_create_canister" => a => Write128(a[0], CyclesRates.CanisterCreation),
        "cost_http_request" => a => Write128(a[2], CostHttp((ulong)a[0], (ulong)a[1])),
        "debug_print" => a => DebugPrint(a[0], a[1]),
        "trap" => a => throw Trap(a[0], a[1]),
        _ => _ => throw new CanisterTrapException($"ic0.{name} is not implemented", ErrorCodes.CanisterContractViolation),
    };

    private MessageContext Ctx => Context ?? throw new CanisterTrapException("System API called outside of a message", ErrorCodes.CanisterContractViolation);

    private CanisterTrapException NotIn(string name) =>
        new($"\"ic0_{name}\" cannot be executed in {Ctx.Api.SpecName()} mode", ErrorCodes.CanisterContractViolation);

    private byte[] ArgData()
    {
        var ctx = Ctx;
        return ctx.Arg ?? throw NotIn("msg_arg_data_size");
    }

    private byte[] CallerBytes(string name)
    {
        var ctx = Ctx;
        if (ctx.Api is ApiType.Cleanup or ApiType.SystemTask && ctx.CallContext is null) throw NotIn(name);
        return ctx.Caller.ToArray();
    }

    private int RejectCode(string name)
    {
        var ctx = Ctx;
        if (ctx.Api is not (ApiType.ReplyCallback or ApiType.RejectCallback or ApiType.CompositeReplyCallback or ApiType.CompositeRejectCallback))
            throw NotIn(name);
        return ctx.RejectCode;
    }

    private byte[] RejectMessage(string name)
    {
        var ctx = Ctx;
        if (ctx.Api is not (ApiType.RejectCallback or ApiType.CompositeRejectCallback)) throw NotIn(name);
        return Encoding.UTF8.GetBytes(ctx.RejectMessage ?? "");
    }

    private byte[] MethodName(string name) =>
        Encoding.UTF8.GetBytes(Ctx.MethodName ?? throw NotIn(name));

    private byte[] Certificate(string name) => Ctx.DataCertificate ?? throw NotIn(name);

    private CallContext Responder(string name)
    {
        var ctx = Ctx;
        if (!ctx.Api.CanReply() || ctx.CallContext is null) throw NotIn(name);
        if (ctx.CallContext.Responded || ctx.Response is not null)
            throw new CanisterTrapException($"ic0.{name}: the call was already replied or rejected", ErrorCodes.CanisterContractViolation);
        return ctx.CallContext;
    }

    private long ReplyAppend(string name, long src, long size)
    {
        Responder(name);
        Ctx.ReplyData.Write(Read(name, src, size));
        return 0;
    }

    private long Reply(string name)
    {
        Responder(name);
        var ctx = Ctx;
        ctx.Response = Response.Replied(ctx.ReplyData.ToArray());
        return 0;
    }

    private long Reject(string name, long src, long size)
    {
        Responder(name);
        string message = Encoding.UTF8.GetString(Read(name, src, size));
        Ctx.Response = Response.Rejected(Icp.Candid.RejectCode.CanisterReject, message, ErrorCodes.CanisterRejectedMessage);
        return 0;
    }

    private UInt128 Available(string name)
    {
        var ctx = Ctx;
        if (ctx.CallContext is null || ctx.Api.IsQuery()) return 0;
        return ctx.CallContext.AvailableCycles - ctx.Accepted;
    }

    private UInt128 Refunded(string name)
    {
        var ctx = Ctx;
        if (ctx.Api is not (ApiType.ReplyCallback or ApiType.RejectCallback or ApiType.CompositeReplyCallback or ApiType.CompositeRejectCallback))
            throw NotIn(name);
        return ctx.Refunded;
    }

    private UInt128 Accept(string name, UInt128 max)
    {
        var ctx = Ctx;
        if (ctx.CallContext is null || ctx.Api.IsQuery()) return 0;
        var amount = UInt128.Min(max, Available(name));
        ctx.Accepted += amount;
        return amount;
    }

    private long AcceptMessage(string name)
    {
        var ctx = Ctx;
        if (ctx.Api != ApiType.InspectMessage) throw NotIn(name);
        if (ctx.MessageAccepted) throw new CanisterTrapException("ic0.accept_message: the message was already accepted", ErrorCodes.CanisterContractViolation);
        ctx.MessageAccepted = true;
        return 0;
    }

    /// <summary>Burns up to <paramref name="amount"/>, never below the freezing threshold (spec: <c>ic0.cycles_burn128</c>).</summary>
    private UInt128 Burn(UInt128 amount)
    {
        var ctx = Ctx;
        var burned = UInt128.Min(amount, accounting.Liquid(ctx.Canister, ctx.Balance));
        ctx.Spent += burned;
        return burned;
    }

    private long CallNew(string name, ReadOnlySpan<long> a)
    {
        var ctx = Ctx;
        if (!ctx.Api.CanCall()) throw NotIn(name);
        Principal callee;
        try { callee = Principal.FromBytes(Read(name, a[0], a[1])); }
        catch (ArgumentException e) { throw new CanisterTrapException($"ic0.call_new: invalid callee: {e.Message}", ErrorCodes.CanisterContractViolation); }
        string method = Encoding.UTF8.GetString(Read(name, a[2], a[3]));
        // A call left half-built is discarded, and its cycles return to the balance (spec: call_new).
        if (ctx.Building is { } abandoned) ctx.Spent -= abandoned.Cycles;
        ctx.Building = new PendingCall(callee, method, a[4], a[5], a[6], a[7]);
        return 0;
    }

    private PendingCall Building(string name) =>
        Ctx.Building ?? throw new CanisterTrapException($"ic0.{name}: no call is being constructed (call ic0.call_new first)", ErrorCodes.CanisterContractViolation);

    private long CallOnCleanup(string name, long fun, long env)
    {
        var call = Building(name);
        if (call.CleanupFun is not null) throw new CanisterTrapException("ic0.call_on_cleanup: cleanup was already set for this call", ErrorCodes.CanisterContractViolation);
        call.CleanupFun = fun;
        call.CleanupEnv = env;
        return 0;
    }

    private long CallDataAppend(string name, long src, long size)
    {
        var call = Building(name);
        call.Arg.Write(Read(name, src, size));
        return 0;
    }

    private long CallBestEffort(string name, uint seconds)
    {
        var call = Building(name);
        if (call.TimeoutSeconds is not null) throw new CanisterTrapException("ic0.call_with_best_effort_response: already called for this call", ErrorCodes.CanisterContractViolation);
        call.TimeoutSeconds = Math.Clamp(seconds, 1u, 300u);
        return 0;
    }

    private long CallCyclesAdd(string name, UInt128 amount)
    {
        var call = Building(name);
        var ctx = Ctx;
        // Attached cycles may not take the balance below the freezing threshold: the IC traps with its out-of-cycles error.
        if (amount > accounting.Liquid(ctx.Canister, ctx.Balance))
            throw new CanisterTrapException(CyclesAccounting.OutOfCycles(ctx.Canister.Id, ctx.Balance, amount, accounting.FreezingThreshold(ctx.Canister), revealTopUp: true),
                ErrorCodes.CanisterContractViolation, isDescription: true);
        ctx.Spent += amount;
        call.Cycles += amount;
        return 0;
    }

    private long CallPerform(string name)
    {
        var ctx = Ctx;
        var call = Building(name);
        ctx.Building = null;
        // The caller pays for the request and reserves the largest response and its callback's execution; a call it cannot
        // pay above its freezing threshold is not made: its cycles return and call_perform answers SYS_TRANSIENT (2).
        var fee = accounting.Charges ? CyclesRates.CallCost((ulong)Encoding.UTF8.GetByteCount(call.Method), (ulong)call.Arg.Length) + accounting.CallReservation : 0;
        if (fee > accounting.Liquid(ctx.Canister, ctx.Balance))
        {
            ctx.Spent -= call.Cycles;
            return (long)Icp.Candid.RejectCode.SysTransient;
        }
        ctx.Spent += fee;
        ctx.Calls.Add(call);
        return 0;
    }

    private long Stable32Size(string name)
    {
        long pages = Ctx.Canister.StableMemory.Pages;
        if (pages > 65536) throw new CanisterTrapException($"ic0.{name}: stable memory is larger than 4 GiB; use the stable64 functions", ErrorCodes.CanisterContractViolation);
        return pages;
    }

    private long Stable32Grow(string name, long newPages)
    {
        var stable = Ctx.Canister.StableMemory;
        if (stable.Pages > 65536) throw new CanisterTrapException($"ic0.{name}: stable memory is larger than 4 GiB; use the stable64 functions", ErrorCodes.CanisterContractViolation);
        return (int)stable.Grow((uint)newPages, maxPages: 65536);
    }

    private long StableWrite(string name, long offset, long src, long size, bool is32)
    {
        if (is32) { offset = (uint)offset; src = (uint)src; size = (uint)size; }
        byte[] data = Read(name, src, size);
        if (!Ctx.Canister.StableMemory.TryWrite(offset, data))
            throw new CanisterTrapException($"Stable memory out of bounds (ic0.{name})", ErrorCodes.CanisterTrapped);
        return 0;
    }

    private long StableRead(string name, long dst, long offset, long size, bool is32)
    {
        if (is32) { offset = (uint)offset; dst = (uint)dst; size = (uint)size; }
        if (size < 0 || size > int.MaxValue) throw new CanisterTrapException($"Stable memory out of bounds (ic0.{name})", ErrorCodes.CanisterTrapped);
        var buffer = new byte[size];
        if (!Ctx.Canister.StableMemory.TryRead(offset, buffer))
            throw new CanisterTrapException($"Stable memory out of bounds (ic0.{name})", ErrorCodes.CanisterTrapped);
        Write(name, dst, buffer);
        return 0;
    }

    private long CertifiedDataSet(string name, long src, long size)
    {
        var ctx = Ctx;
        if (ctx.Api.IsQuery() || ctx.Api == ApiType.ReplicatedQuery) throw NotIn(name);
        if (size > 32) throw new CanisterTrapException($"ic0.{name}: certified data is limited to 32 bytes, got {size}", ErrorCodes.CanisterContractViolation);
        ctx.NewCertifiedData = Read(name, src, size);
        return 0;
    }

    private long GlobalTimerSet(string name, ulong timestamp)
    {
        var ctx = Ctx;
        if (ctx.Api.IsQuery() || ctx.Api == ApiType.ReplicatedQuery) throw NotIn(name);
        ulong previous = ctx.NewGlobalTimer ?? ctx.Canister.GlobalTimer;
        ctx.NewGlobalTimer = timestamp;
        return (long)previous;
    }

    private long PerformanceCounter(string name, long type) => type switch
    {
        0 or 1 => Ctx.InstructionsUsed,
        _ => throw new CanisterTrapException($"ic0.{name}: unknown counter type {type}", ErrorCodes.CanisterContractViolation),
    };

    private long IsController(string name, long src, long size)
    {
        if (size > Principal.MaxLength) throw new CanisterTrapException($"ic0.{name}: argument is not a valid principal", ErrorCodes.CanisterContractViolation);
        var principal = Principal.FromBytes(Read(name, src, size));
        return Ctx.Canister.Controllers.Contains(principal) ? 1 : 0;
    }

    /// <summary>HTTPS outcall fee on a 13-node subnet, per the fee formula (base, per request byte, per response byte).</summary>
    private static UInt128 CostHttp(ulong requestSize, ulong maxResponseBytes) =>
        (3_000_000 + 60_000 * (UInt128)13) * 13 + 400 * (UInt128)requestSize * 13 + 800 * (UInt128)maxResponseBytes * 13;

    private long DebugPrint(long src, long size)
    {
        var ctx = Ctx;
        // Printing never traps: an out-of-range buffer prints what the IC prints for it.
        byte[] bytes;
        try { bytes = Read("debug_print", src, size); }
        catch (CanisterTrapException) { bytes = "(debug message out of memory bounds)"u8.ToArray(); }
        ctx.Print?.Invoke(ctx.Canister, bytes);
        return 0;
    }

    private CanisterTrapException Trap(long src, long size)
    {
        byte[] bytes;
        try { bytes = Read("trap", src, size); }
        catch (CanisterTrapException) { bytes = "(trap message out of memory bounds)"u8.ToArray(); }
        return new CanisterTrapException(Encoding.UTF8.GetString(bytes), ErrorCodes.CanisterCalledTrap);
    }

    private static ulong Clamp64(UInt128 v) => v > ulong.MaxValue ? ulong.MaxValue : (ulong)v;

    private long Write128(long dst, UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        Write("write128", dst, bytes);
        return 0;
    }

    /// <summary>The spec's copy pattern: copies <c>size</c> bytes of <paramref name="data"/> from <c>offset</c> to <c>dst</c>; traps when out of range.</summary>
    private long Copy(string name, ReadOnlySpan<long> a, ReadOnlySpan<byte> data)
    {
        long dst = a[0], offset = a[1], size = a[2];
        if (offset < 0 || size < 0 || offset > data.Length - size)
            throw new CanisterTrapException($"ic0.{name}: src={offset} + length={size} exceeds the slice size={data.Length}", ErrorCodes.CanisterContractViolation);
        Write(name, dst, data.Slice((int)offset, (int)size));
        return 0;
    }

    private byte[] Read(string name, long src, long size)
    {
        var memory = _memory ?? throw new CanisterTrapException($"ic0.{name}: the module has no memory", ErrorCodes.CanisterContractViolation);
        if (src < 0 || size < 0 || size > int.MaxValue || src > memory.GetLength() - size)
            throw new CanisterTrapException($"ic0.{name}: heap out of bounds (offset {src}, length {size})", ErrorCodes.CanisterTrapped);
        return size == 0 ? [] : memory.GetSpan(src, (int)size).ToArray();
    }

    private void Write(string name, long dst, ReadOnlySpan<byte> data)
    {
        var memory = _memory ?? throw new CanisterTrapException($"ic0.{name}: the module has no memory", ErrorCodes.CanisterContractViolation);
        if (dst < 0 || dst > memory.GetLength() - data.Length)
            throw new CanisterTrapException($"ic0.{name}: heap out of bounds (offset {dst}, length {data.Length})", ErrorCodes.CanisterTrapped);
        if (data.Length == 0) return;
        _barrier?.MarkWritten(dst, data.Length);
        data.CopyTo(memory.GetSpan(dst, data.Length));
    }
}
