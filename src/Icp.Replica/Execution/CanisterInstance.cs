using Icp.Replica.Wasm;
using Wasmtime;

namespace Icp.Replica.Execution;

/// <summary>
/// One live Wasmtime instance of a canister module, in its own store with fuel metering. The replica keeps it
/// between messages (so its memory is the canister's main memory) and snapshots/restores it around messages
/// that must not persist (traps, queries).
/// </summary>
internal sealed class CanisterInstance : IDisposable
{
    private readonly Store _store;
    private readonly Instance _instance;
    private readonly Memory? _memory;
    private readonly Table? _table;
    private readonly MutableGlobals _globals;
    private readonly Dictionary<string, Action> _entryPoints = new(StringComparer.Ordinal);
    private readonly Func<long> _fuelLeft;
    private const ulong InstantiationFuel = 10_000_000;
    private CopyOnWriteMemory? _copyOnWrite; // made at the first snapshot, where the platform allows (modules without a barrier)
    private readonly BarrierMemory? _barrier;  // where the module carries a write barrier
    private readonly Global.Accessor<long>? _barrierFuel, _barrierBudget;
    private long _limit, _fuelGiven;           // the running message's instruction limit, and the fuel it was given
    private bool _budgetRaised = true;         // the budget global may differ from BarrierFuelChunk (set at the first message)

    /// <summary>
    /// Fuel a message with a write barrier gets beyond its limit, and again each time its barriers have used that much
    /// (<see cref="WriteBarrier.RefuelTableExport"/>): a runaway message stops at most about twice this past its limit.
    /// </summary>
    internal const long BarrierFuelChunk = 1L << 24;
    private bool _copyOnWriteTried;
    private bool _checkpointOpen;

    private CanisterInstance(Engine engine, CanisterCode code, SystemApi api)
    {
        Api = api;
        _store = new Store(engine);
        _fuelLeft = () => _limit - InstructionsUsed();
        
        using var linker = new Linker(engine);
        foreach (var import in code.Module.Imports.OfType<FunctionImport>())
        {
            string name = import.Name;
            if (SystemApiImports.TryDefine(linker, name, import.Parameters, import.Results, api)) continue;
            bool[] is32 = import.Parameters.Select(p => p == ValueKind.Int32).ToArray();
            bool resultIs32 = import.Results.Count == 1 && import.Results[0] == ValueKind.Int32;
            bool hasResult = import.Results.Count == 1;
            var function = api.Resolve(name);
            linker.DefineFunction("ic0", name, (Caller caller, ReadOnlySpan<ValueBox> args, Span<ValueBox> results) =>
            {
                Span<long> values = stackalloc long[args.Length];
                // 32-bit pointers and sizes are unsigned: zero-extend them.
                for (int i = 0; i < args.Length; i++) values[i] = is32[i] ? (uint)args[i].AsInt32() : args[i].AsInt64();
                long result = function(values);
                if (hasResult) results[0] = resultIs32 ? (int)result : result;
            }, import.Parameters, import.Results);
        }
        try
        {
            // Wasmtime runs compiled code for some global initializers while instantiating (a reference global's
            // `ref.null`, for one), which needs fuel: with none, such a module could not be installed. None of it is the
            // canister's to pay; each message sets its own fuel.
            _store.Fuel = InstantiationFuel;
            _instance = linker.Instantiate(_store, code.Module);
        }
        catch (Exception e) when (e is WasmtimeException or TrapException)
        {
            _store.Dispose();
            throw new CanisterTrapException($"instantiation failed: {FirstLine(e.Message)}", ErrorCodes.CanisterInvalidWasm);
        }
        _memory = code.Binary.HasMemory ? _instance.GetMemory(WasmBinary.MemoryExport) : null;
        _table = code.Binary.HasTable ? _instance.GetTable(WasmBinary.TableExport) : null;
        _globals = new MutableGlobals(code.Binary.MutableGlobals.Select(i => _instance.GetGlobal(WasmBinary.GlobalExportPrefix + i)
            ?? throw new InvalidOperationException($"global {i} was not exported")).ToArray());
        if (_memory is not null && code.Barrier is { } layout)
        {
            var map = _instance.GetMemory(WriteBarrier.MapExport) ?? throw new InvalidOperationException("the written-page map was not exported");
            _barrierFuel = (_instance.GetGlobal(WriteBarrier.FuelExport) ?? throw new InvalidOperationException("the barrier fuel global was not exported")).Wrap<long>();
            _barrierBudget = (_instance.GetGlobal(WriteBarrier.BudgetExport) ?? throw new InvalidOperationException("the barrier budget global was not exported")).Wrap<long>();
            var refuel = _instance.GetTable(WriteBarrier.RefuelTableExport) ?? throw new InvalidOperationException("the refuel table was not exported");
            refuel.SetElement(0, Function.FromCallback(_store, Refuel));
            _barrier = new BarrierMemory(_memory, map, layout);
        }
        api.Bind(_memory, _barrier);
    }

    /// <summary>The System API bound to this instance.</summary>
    public SystemApi Api { get; }

    /// <summary>Size of main memory in bytes.</summary>
    public long MemorySize => _memory?.GetLength() ?? 0;

    /// <summary>
    /// Instantiates a module, optionally over saved memory and globals. The start function runs (in the spec's
    /// "s" context) only when <paramref name="start"/> is given: for a new install, or over memory kept by an
    /// upgrade; never when rebuilding from a snapshot, whose state already includes its effects.
    /// </summary>
    public static CanisterInstance Create(Engine engine, CanisterCode code, SystemApi api, MessageContext? start, byte[]? memory = null, object?[]? globals = null)
    {
        var instance = new CanisterInstance(engine, code, api);
        try
        {
            if (memory is not null) instance.LoadMemory(memory);
            if (globals is not null) instance.LoadGlobals(globals);
            if (start is not null && code.Binary.StartFunction is not null) instance.InvokeExport(WasmBinary.StartExport, start);
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    /// <summary>Main memory in place, not copied (what the state journal compares with what it last wrote).</summary>
    public ReadOnlySpan<byte> MemoryBytes => _memory is null ? [] : _memory.GetSpan(0, checked((int)_memory.GetLength()));

    /// <summary>
    /// The 4 KiB pages of main memory that may have changed since the last call, ending the pending message's writes
    /// into the rollback image first; null when that is not known (first call, no copy-on-write, a snapshot is open):
    /// then all of it may have.
    /// </summary>
    public IReadOnlyCollection<long>? TakeWrittenPages()
    {
        if (_barrier is not null && !_checkpointOpen)
        {
            _barrier.Checkpoint();
            return _barrier.TakeFoldedPages();
        }
        if (_memory is null || _checkpointOpen || CopyOnWrite() is not { } copyOnWrite) return null;
        copyOnWrite.Checkpoint(_memory.GetPointer(), _memory.GetLength());
        return copyOnWrite.TakeFoldedPages();
    }

    /// <summary>The mutable globals' current values.</summary>
    public object?[] GlobalValues() => _globals.Box(_globals.Capture());

    /// <summary>Copies main memory out.</summary>
    public byte[] ReadMemory() => _memory is null ? [] : CopyMemory(_memory);

    /// <summary>
    /// Saves memory and globals to return to. Main memory becomes a copy-on-write checkpoint (the cost is the pages
    /// written since the last one); a snapshot taken while another is open is a full copy. Every snapshot ends in
    /// <see cref="TryRestore"/> or <see cref="Release"/>, innermost first.
    /// </summary>
    public InstanceSnapshot Snapshot()
    {
        if (_barrier is not null && !_checkpointOpen)
        {
            _barrier.Checkpoint();
            _checkpointOpen = true;
            return InstanceSnapshot.CheckpointOf(_barrier, _globals, _globals.Capture());
        }
        if (_memory is not null && !_checkpointOpen && CopyOnWrite() is { } copyOnWrite)
        {
            copyOnWrite.Checkpoint(_memory.GetPointer(), _memory.GetLength());
            _checkpointOpen = true;
            return InstanceSnapshot.CheckpointOf(copyOnWrite, _globals, _globals.Capture());
        }
        return InstanceSnapshot.Copied(_memory is null ? [] : CopyMemory(_memory), _globals, _globals.Capture());
    }

    /// <summary>
    /// Returns to a snapshot in place and ends it. Fails (returns false) when memory has grown since, because a Wasm
    /// memory cannot shrink: the caller then builds a fresh instance from the snapshot.
    /// </summary>
    public bool TryRestore(InstanceSnapshot snapshot)
    {
        if (snapshot.Checkpoint is { } checkpoint)
        {
            if (_memory is null || MemorySize != checkpoint.Length) return false;
            checkpoint.Rollback();
            _checkpointOpen = false;
        }
        else
        {
            if (MemorySize != snapshot.MemoryLength) return false;
            LoadMemory(snapshot.Memory);
        }
        _globals.Restore(snapshot.GlobalValues);
        return true;
    }

    /// <summary>Ends a snapshot keeping the changes made since.</summary>
    public void Release(InstanceSnapshot snapshot)
    {
        if (snapshot.Checkpoint is not null) _checkpointOpen = false;
    }

    private CopyOnWriteMemory? CopyOnWrite()
    {
        if (!_copyOnWriteTried && _barrier is null)
        {
            _copyOnWriteTried = true;
            _copyOnWrite = CopyOnWriteMemory.TryCreate();
        }
        return _copyOnWrite;
    }

    /// <summary>Runs an exported function (an entry point such as <c>canister_update inc</c>) under a fuel limit.</summary>
    public void InvokeExport(string export, MessageContext context)
    {
        if (!_entryPoints.TryGetValue(export, out var entryPoint))
        {
            // Looked up (a native call that marshals the name) and wrapped as a typed delegate (no boxing of arguments or
            // results) once per export, not per message.
            var function = _instance.GetFunction(export) ?? throw new CanisterTrapException($"the module does not export '{export}'", ErrorCodes.CanisterMethodNotFound);
            entryPoint = function.WrapAction() ?? (() => function.Invoke());
            _entryPoints[export] = entryPoint;
        }
        Run(context, entryPoint);
    }

    /// <summary>Runs a callback: the function at <paramref name="tableIndex"/> in the module's table, with <paramref name="env"/>.</summary>
    public void InvokeCallback(long tableIndex, long env, bool memory64, MessageContext context)
    {
        var table = _table ?? throw new CanisterTrapException("the module has no table for callbacks", ErrorCodes.CanisterTrapped);
        if (tableIndex < 0 || (ulong)tableIndex >= table.GetSize())
            throw new CanisterTrapException($"callback table index {tableIndex} is out of bounds", ErrorCodes.CanisterTrapped);
        if (table.GetElement((uint)tableIndex) is not Function function || function.IsNull)
            throw new CanisterTrapException($"callback table index {tableIndex} is not a function", ErrorCodes.CanisterTrapped);
        // Typed, as entry points are: no boxed argument. A function of another type is the canister's error, and traps.
        Action invoke = memory64
            ? function.WrapAction<long>() is { } call64 ? () => call64(env) : throw WrongCallbackType(tableIndex)
            : function.WrapAction<int>() is { } call32 ? () => call32((int)env) : throw WrongCallbackType(tableIndex);
        Run(context, invoke);
    }

    private static CanisterTrapException WrongCallbackType(long tableIndex) =>
        new($"callback table index {tableIndex} is not a function of one pointer-sized argument and no result", ErrorCodes.CanisterTrapped);

    private void Run(MessageContext context, Action invoke)
    {
        _copyOnWrite?.Touch();
        _barrier?.Touch();
        _globals.CodeRan();
        // Barriers burn fuel that is not the canister's: the message gets a chunk more than its limit, and another each
        // time its barriers used one (Refuel); whether it passed its limit is decided on the compensated count.
        _limit = context.InstructionLimit;
        _fuelGiven = _barrierFuel is null ? _limit : _limit + BarrierFuelChunk;
        _store.Fuel = (ulong)_fuelGiven;
        _barrierFuel?.SetValue(0);
        if (_budgetRaised && _barrierBudget is not null)
        {
            _barrierBudget.SetValue(BarrierFuelChunk); // a native call per message saved when no message refuelled
            _budgetRaised = false;
        }
        context.FuelLeft = _fuelLeft;
        Api.Context = context;
        try
        {
            invoke();
            if (_barrierFuel is not null && InstructionsUsed() > _limit) throw InstructionLimitExceeded();
        }
        catch (Exception e) when (e is WasmtimeException or TrapException or CanisterTrapException)
        {
            if (_barrierFuel is not null && InstructionsUsed() > _limit) throw InstructionLimitExceeded();
            throw Translate(e);
        }
        finally
        {
            // Wasmtime stores its fuel count at calls and returns only, so after a trap raised by the hardware (an
            // out-of-bounds access, a division by zero) it is stale back to the last call while the barrier fuel is
            // not: the compensated count can then come out lower, never below zero.
            long used = Math.Clamp(context.InstructionsUsed, 0, _limit);
            context.Finished(used);
            context.Canister.InstructionsExecuted += (ulong)Math.Max(0, used);
            Api.Context = null;
        }
    }

    /// <summary>Called by a barrier whose fuel passed the budget: as much fuel again, and a budget that far higher.</summary>
    private void Refuel()
    {
        _store.Fuel += BarrierFuelChunk;
        _fuelGiven += BarrierFuelChunk;
        _barrierBudget!.SetValue(_barrierBudget.GetValue() + BarrierFuelChunk);
        _budgetRaised = true;
    }

    /// <summary>Instructions the running message used: fuel consumed, less what its write barriers consumed.</summary>
    private long InstructionsUsed()
    {
        long used = _fuelGiven - (long)_store.Fuel;
        return _barrierFuel is null ? used : used - _barrierFuel.GetValue();
    }

    private static CanisterTrapException InstructionLimitExceeded() =>
        new("Canister exceeded the limit of instructions for a single message execution.", ErrorCodes.CanisterInstructionLimitExceeded);

    /// <summary>Turns whatever escaped Wasmtime into our trap with the IC's wording.</summary>
    private static CanisterTrapException Translate(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is CanisterTrapException trap) return trap;
        if (e is TrapException { Type: TrapCode.OutOfFuel } || e.Message.Contains("all fuel consumed", StringComparison.Ordinal))
            return InstructionLimitExceeded();
        string message = e is TrapException t ? t.Type switch
        {
            TrapCode.Unreachable => "unreachable",
            TrapCode.MemoryOutOfBounds => "heap out of bounds",
            TrapCode.StackOverflow => "stack overflow",
            TrapCode.IntegerDivisionByZero => "integer division by 0",
            TrapCode.IntegerOverflow => "integer overflow",
            TrapCode.TableOutOfBounds => "table out of bounds",
            TrapCode.IndirectCallToNull => "indirect call to null",
            TrapCode.BadSignature => "indirect call signature mismatch",
            _ => FirstLine(t.Message),
        } : FirstLine(e.Message);
        return new CanisterTrapException(message, ErrorCodes.CanisterTrapped);
    }

    private static string FirstLine(string s)
    {
        int newline = s.IndexOf('\n');
        return newline < 0 ? s : s[..newline];
    }

    private static byte[] CopyMemory(Memory memory)
    {
        long length = memory.GetLength();
        var copy = GC.AllocateUninitializedArray<byte>(checked((int)length));
        for (long offset = 0; offset < length;)
        {
            int chunk = (int)Math.Min(1 << 30, length - offset);
            memory.GetSpan(offset, chunk).CopyTo(copy.AsSpan((int)offset));
            offset += chunk;
        }
        return copy;
    }

    private void LoadMemory(byte[] data)
    {
        if (_memory is null) return;
        _copyOnWrite?.Touch();
        _barrier?.MarkAll();
        long current = _memory.GetLength();
        if (data.LongLength > current) _memory.Grow((data.LongLength - current + Memory.PageSize - 1) / Memory.PageSize);
        data.CopyTo(_memory.GetSpan(0, data.Length));
        // Bytes past the saved length (pages grown since) must read as zero again.
        long now = _memory.GetLength();
        for (long offset = data.LongLength; offset < now;)
        {
            int chunk = (int)Math.Min(1 << 30, now - offset);
            _memory.GetSpan(offset, chunk).Clear();
            offset += chunk;
        }
    }

    private void LoadGlobals(object?[] values) => _globals.Load(values);

    /// <inheritdoc/>
    public void Dispose()
    {
        _store.Dispose();
        _copyOnWrite?.Dispose();
        _barrier?.Dispose();
    }
}
