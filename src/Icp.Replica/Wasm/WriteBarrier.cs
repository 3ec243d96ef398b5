namespace Icp.Replica.Wasm;

/// <summary>
/// Compiles a write barrier into a module: every instruction that writes main memory (memory 0) first marks the 4 KiB
/// pages it may write in a second memory, the written-page map (one byte per page, exported as <see cref="MapExport"/>),
/// so the replica finds what a message wrote by reading a few thousand bytes instead of the page tables, at a cost
/// that does not depend on the memory's size.
/// </summary>
/// <remarks>
/// <para>A store <c>addr value store(offset)</c> becomes <c>value→$v; addr→$a; map[(a+offset)&gt;&gt;12] = 0x0101
/// (a 16-bit store, so a store that straddles a page boundary marks both pages); $a $v store(offset)</c>. Wrapped 32-bit
/// arithmetic can only mark a page the store does not reach (it then traps), never miss one; memory64 addresses are
/// clamped to the map's last covered page (<see cref="BarrierLayout.CoveredPages"/>, whose byte then means "beyond").
/// <c>memory.fill</c>, <c>memory.copy</c> and <c>memory.init</c> call a function appended to the module that marks
/// their destination range (appending keeps every existing function index; new locals are appended per function).</para>
/// <para>Barriers cost Wasmtime fuel, which is the replica's instruction counter. Each barrier adds its exact cost in
/// fuel units (every instruction it adds costs one, a function call one more, and a bulk operation one per byte) to a
/// mutable global exported as <see cref="FuelExport"/>; the replica subtracts it wherever instructions are read. When
/// that sum passes a budget (<see cref="BudgetExport"/>), the barrier calls a host function through a table the
/// module exports (<see cref="RefuelTableExport"/>; no import is added, which would renumber every function) that gives
/// the store more fuel, so a message runs out of fuel where it would without barriers, give or take one budget.</para>
/// <para>Instructions are walked one by one (MVP, sign extension, saturating truncation, bulk memory, reference types,
/// typed function references, multi-value, tail calls, SIMD and relaxed SIMD, multi-memory memargs). Anything else
/// (atomics, exceptions, GC) fails with an <see cref="InvalidDataException"/> naming it and its offset, and the
/// caller keeps the module uninstrumented.</para>
/// </remarks>
internal static class WriteBarrier
{
    /// <summary>Export name of the written-page map (memory 1 of an instrumented module).</summary>
    public const string MapExport = "__icp_replica_written_pages";

    /// <summary>Export name of the global that sums the fuel barriers consumed (an <c>i64</c>).</summary>
    public const string FuelExport = "__icp_replica_barrier_fuel";

    /// <summary>Export name of the global that bounds <see cref="FuelExport"/> before the module asks for more fuel (an <c>i64</c>).</summary>
    public const string BudgetExport = "__icp_replica_barrier_budget";

    /// <summary>
    /// Export name of a one-element table of <c>() -&gt; ()</c> functions: the replica puts there the host function a
    /// barrier calls when the barrier fuel passes the budget (it gives the store that much more fuel and raises the budget).
    /// </summary>
    public const string RefuelTableExport = "__icp_replica_refuel";

    /// <summary>Log2 of the page size the map tracks.</summary>
    public const int PageShift = 12;

    /// <summary>
    /// The module with a write barrier, or null when it has nothing to instrument or cannot take one (no memory of its
    /// own, or more than one). Throws <see cref="InvalidDataException"/> on malformed or unsupported code.
    /// </summary>
    public static BarrierLayout? Instrument(byte[] module)
    {
        if (module.Length < 8) throw new InvalidDataException("not a Wasm module (shorter than its header)");
        var sections = new List<(byte Id, int Start, int End)>();
        var reader = new WasmReader(module, 8, module.Length);
        while (!reader.AtEnd)
        {
            byte id = reader.ReadByte();
            uint size = reader.ReadU32();
            int start = reader.Position;
            reader.Skip(checked((int)size));
            sections.Add((id, start, reader.Position));
        }

        var types = new List<int>();     // parameter count of each function type
        var functionTypes = new List<uint>();
        uint importedFunctions = 0, importedGlobals = 0, definedGlobals = 0, importedTables = 0, definedTables = 0;
        bool memory64 = false;
        int memories = 0;
        foreach (var (id, start, end) in sections)
        {
            var r = new WasmReader(module, start, end);
            switch (id)
            {
                case 1:
                    for (uint i = 0, n = r.ReadU32(); i < n; i++) types.Add(ReadFunctionType(r));
                    break;
                case 2:
                    for (uint i = 0, n = r.ReadU32(); i < n; i++)
                    {
                        r.Skip(checked((int)r.ReadU32()));
                        r.Skip(checked((int)r.ReadU32()));
                        byte kind = r.ReadByte();
                        switch (kind)
                        {
                            case 0: r.ReadU32(); importedFunctions++; break;
                            case 1: r.SkipValueType(); WasmBinary.SkipLimits(r); importedTables++; break;
                            case 2: return null; // an imported memory is not ours to track
                            case 3: r.SkipValueType(); r.ReadByte(); importedGlobals++; break;
                            case 4: r.ReadByte(); r.ReadU32(); break;
                            default: throw new InvalidDataException($"unknown import kind {kind} at offset {r.Position - 1}");
                        }
                    }
                    break;
                case 3:
                    for (uint i = 0, n = r.ReadU32(); i < n; i++) functionTypes.Add(r.ReadU32());
                    break;
                case 5:
                    uint count = r.ReadU32();
                    memories += (int)Math.Min(count, 2);
                    if (count > 0) memory64 = (r.ReadByte() & 4) != 0;
                    break;
                case 4:
                    definedTables = r.ReadU32();
                    break;
                case 6:
                    definedGlobals = r.ReadU32();
                    break;
            }
        }
        if (memories != 1 || functionTypes.Count == 0 || types.Count == 0 || !sections.Any(s => s.Id == 10)) return null;

        var layout = new BarrierLayout(memory64);
        uint helperType = (uint)types.Count, refuelType = helperType + 1;
        uint refuelTable = checked(importedTables + definedTables);
        uint helperFunction = checked(importedFunctions + (uint)functionTypes.Count);
        uint fuelGlobal = checked(importedGlobals + definedGlobals);
        var helper = BuildHelper(layout, fuelGlobal);
        var context = new Context(layout, helperFunction, fuelGlobal, helper.Cost, refuelType, refuelTable);

        var output = new WasmWriter();
        output.Bytes(module.AsSpan(0, 8));
        bool globalsWritten = false, exportsWritten = false, tablesWritten = false;
        foreach (var (id, start, end) in sections)
        {
            if (!tablesWritten && id is 5 or 13 or 6 or 7 or 8 or 9 or 12 or 10 or 11)
            {
                output.Section(4, new WasmWriter().U32(1).Bytes(RefuelTableEntry));
                tablesWritten = true;
            }
            if (!globalsWritten && id is 7 or 8 or 9 or 12 or 10 or 11)
            {
                output.Section(6, new WasmWriter().U32(2).Bytes(FuelGlobal).Bytes(FuelGlobal));
                globalsWritten = true;
            }
            if (!exportsWritten && id is 8 or 9 or 12 or 10 or 11)
            {
                output.Section(7, Exports(0, [], fuelGlobal, refuelTable));
                exportsWritten = true;
            }
            var r = new WasmReader(module, start, end);
            var body = new WasmWriter();
            switch (id)
            {
                case 1:
                    body.U32(r.ReadU32() + 2).Bytes(module.AsSpan(r.Position, end - r.Position));
                    body.Byte(0x60).U32(2).Byte(layout.AddressType).Byte(layout.AddressType).U32(0);
                    body.Byte(0x60).U32(0).U32(0);
                    break;
                case 4:
                    body.U32(r.ReadU32() + 1).Bytes(module.AsSpan(r.Position, end - r.Position)).Bytes(RefuelTableEntry);
                    tablesWritten = true;
                    break;
                case 3:
                    body.U32(r.ReadU32() + 1).Bytes(module.AsSpan(r.Position, end - r.Position)).U32(helperType);
                    break;
                case 5:
                    r.ReadU32();
                    body.U32(2).Bytes(module.AsSpan(r.Position, end - r.Position));
                    body.Byte(0x01).U32(layout.MapWasmPages).U32(layout.MapWasmPages); // min = max: never moves
                    break;
                case 6:
                    body.U32(r.ReadU32() + 2).Bytes(module.AsSpan(r.Position, end - r.Position)).Bytes(FuelGlobal).Bytes(FuelGlobal);
                    globalsWritten = true;
                    break;
                case 7:
                    uint exports = r.ReadU32();
                    body = Exports(exports, module.AsSpan(r.Position, end - r.Position), fuelGlobal, refuelTable);
                    exportsWritten = true;
                    break;
                case 10:
                    uint bodies = r.ReadU32();
                    if (bodies != functionTypes.Count)
                        throw new InvalidDataException($"the code section has {bodies} bodies for {functionTypes.Count} functions");
                    body.U32(bodies + 1);
                    for (int i = 0; i < bodies; i++)
                    {
                        uint type = functionTypes[i];
                        if (type >= types.Count) throw new InvalidDataException($"function {importedFunctions + i} has type {type}, beyond the {types.Count} types");
                        var rewritten = RewriteBody(r, types[(int)type], context);
                        body.U32(checked((uint)rewritten.Length)).Bytes(rewritten);
                    }
                    if (!r.AtEnd) throw new InvalidDataException($"the code section has {r.End - r.Position} bytes after its last body");
                    body.U32(checked((uint)helper.Body.Length)).Bytes(helper.Body);
                    break;
                default:
                    output.Byte(id).U32((uint)(end - start)).Bytes(module.AsSpan(start, end - start));
                    continue;
            }
            output.Section(id, body);
        }
        if (!globalsWritten) output.Section(6, new WasmWriter().U32(2).Bytes(FuelGlobal).Bytes(FuelGlobal));
        if (!exportsWritten) output.Section(7, Exports(0, [], fuelGlobal, refuelTable));
        layout.Bytes = output.ToArray();
        return layout;
    }

    // (mut i64) initialised to 0: the barrier fuel, then the budget.
    private static ReadOnlySpan<byte> FuelGlobal => [0x7E, 0x01, 0x42, 0x00, 0x0B];

    // funcref, exactly one element.
    private static ReadOnlySpan<byte> RefuelTableEntry => [0x70, 0x01, 0x01, 0x01];

    private static WasmWriter Exports(uint existing, ReadOnlySpan<byte> entries, uint fuelGlobal, uint refuelTable)
    {
        var body = new WasmWriter().U32(existing + 4).Bytes(entries);
        WasmBinary.Export(body, MapExport, 2, 1);
        WasmBinary.Export(body, FuelExport, 3, fuelGlobal);
        WasmBinary.Export(body, BudgetExport, 3, fuelGlobal + 1);
        WasmBinary.Export(body, RefuelTableExport, 1, refuelTable);
        return body;
    }

    private static int ReadFunctionType(WasmReader r)
    {
        int at = r.Position;
        byte form = r.ReadByte();
        if (form != 0x60) throw new InvalidDataException($"type form 0x{form:x2} at offset {at} (GC types) is not supported by the write barrier");
        uint parameters = r.ReadU32();
        for (uint i = 0; i < parameters; i++) r.SkipValueType();
        for (uint i = 0, n = r.ReadU32(); i < n; i++) r.SkipValueType();
        return checked((int)parameters);
    }

    /// <summary>
    /// <c>mark(d, n)</c>: sets map bytes [d&gt;&gt;12, (d&gt;&gt;12) + (n&gt;&gt;12) + 2) to 1, both ends clamped to the map, with
    /// one <c>memory.fill</c>. The range reaches at most one page past the last one written
    /// ((d + n - 1)&gt;&gt;12 ≤ (d&gt;&gt;12) + (n&gt;&gt;12) + 1) and overflows nothing. Wasmtime charges a bulk operation one
    /// unit of fuel per byte besides the instruction, so the helper adds the bytes it filled to the barrier fuel; its
    /// instructions are a fixed count (returned), which the call site adds.
    /// </summary>
    private static (byte[] Body, int Cost) BuildHelper(BarrierLayout layout, uint fuelGlobal)
    {
        var w = new WasmWriter();
        const uint D = 0, N = 1, First = 2, End = 3, Count = 4;
        byte t = layout.AddressType;
        w.U32(1).U32(3).Byte(t);
        if (layout.Memory64)
        {
            // first = min(d >> 12, covered); end = min((d >> 12) + (n >> 12) + 2, covered + 1); count = end - first
            w.Op(0x20).U32(D).Op(0x42).S64(PageShift).Op(0x88).Op(0x22).U32(First);
            w.Op(0x42).S64(layout.CoveredPages).Op(0x20).U32(First).Op(0x42).S64(layout.CoveredPages).Op(0x54).Op(0x1B).Op(0x21).U32(First);
            w.Op(0x20).U32(D).Op(0x42).S64(PageShift).Op(0x88).Op(0x20).U32(N).Op(0x42).S64(PageShift).Op(0x88).Op(0x7C).Op(0x42).S64(2).Op(0x7C).Op(0x22).U32(End);
            w.Op(0x42).S64(layout.CoveredPages + 1).Op(0x20).U32(End).Op(0x42).S64(layout.CoveredPages + 1).Op(0x54).Op(0x1B);
            w.Op(0x20).U32(First).Op(0x7D).Op(0x21).U32(Count);
            w.Op(0x20).U32(First).Op(0xA7).Op(0x41).S64(1).Op(0x20).U32(Count).Op(0xA7);
            w.Op(0xFC).U32(11).U32(1); // memory.fill on the map
            w.Op(0x23).U32(fuelGlobal).Op(0x20).U32(Count).Op(0x7C).Op(0x24).U32(fuelGlobal);
        }
        else
        {
            // Unsigned 32-bit addresses: d >> 12 < 2^20 and the sum stays far below 2^31.
            w.Op(0x20).U32(D).Op(0x41).S64(PageShift).Op(0x76).Op(0x22).U32(First);
            w.Op(0x20).U32(N).Op(0x41).S64(PageShift).Op(0x76).Op(0x6A).Op(0x41).S64(2).Op(0x6A).Op(0x22).U32(End);
            w.Op(0x41).S64(layout.CoveredPages + 1).Op(0x20).U32(End).Op(0x41).S64(layout.CoveredPages + 1).Op(0x49).Op(0x1B);
            w.Op(0x20).U32(First).Op(0x6B).Op(0x21).U32(Count);
            w.Op(0x20).U32(First).Op(0x41).S64(1).Op(0x20).U32(Count);
            w.Op(0xFC).U32(11).U32(1); // memory.fill on the map
            w.Op(0x23).U32(fuelGlobal).Op(0x20).U32(Count).Op(0xAD).Op(0x7C).Op(0x24).U32(fuelGlobal);
        }
        int cost = w.Count + 1;     // Wasmtime charges a function one unit besides its instructions
        w.Byte(0x0B);
        return (w.ToArray(), cost);
    }

    private sealed class Context(BarrierLayout layout, uint helperFunction, uint fuelGlobal, int helperCost, uint refuelType, uint refuelTable)
    {
        public BarrierLayout Layout { get; } = layout;
        public uint HelperFunction { get; } = helperFunction;
        public uint FuelGlobal { get; } = fuelGlobal;
        public uint BudgetGlobal => FuelGlobal + 1;
        public int HelperCost { get; } = helperCost;
        public uint RefuelType { get; } = refuelType;
        public uint RefuelTable { get; } = refuelTable;
    }

    /// <summary>Scratch locals a function's barriers use, appended to its own when first needed.</summary>
    private sealed class Temps(uint first)
    {
        private readonly Dictionary<string, (uint Index, byte Type)> _slots = [];
        private uint _next = first;

        public uint Get(string slot, byte type)
        {
            if (_slots.TryGetValue(slot, out var known)) return known.Index;
            _slots[slot] = (_next, type);
            return _next++;
        }

        public IEnumerable<byte> Types => _slots.Values.OrderBy(s => s.Index).Select(s => s.Type);
    }

    private static byte[] RewriteBody(WasmReader code, int parameters, Context context)
    {
        int size = checked((int)code.ReadU32());
        int bodyStart = code.Position;
        code.Skip(size);
        var r = new WasmReader(code.Bytes, bodyStart, bodyStart + size);
        long locals = parameters;
        uint groups = r.ReadU32();
        for (uint i = 0; i < groups; i++)
        {
            locals += r.ReadU32();
            r.SkipValueType();
            if (locals > 100_000) throw new InvalidDataException($"a function at offset {bodyStart} declares more than 100000 locals");
        }
        int localsEnd = r.Position;
        var temps = new Temps((uint)locals);
        var expression = new WasmWriter();
        RewriteExpression(r, expression, temps, context);

        var body = new WasmWriter();
        var added = temps.Types.ToList();
        body.U32(checked(groups + (uint)added.Count)).Bytes(code.Bytes.AsSpan(bodyStart, localsEnd - bodyStart)[LebLength(code.Bytes, bodyStart)..]);
        foreach (byte type in added) body.U32(1).Byte(type);
        return body.Bytes(expression).ToArray();
    }

    private static int LebLength(byte[] bytes, int at)
    {
        int length = 1;
        while ((bytes[at++] & 0x80) != 0) length++;
        return length;
    }

    private static void RewriteExpression(WasmReader r, WasmWriter w, Temps temps, Context context)
    {
        bool ended = false;
        while (!r.AtEnd)
        {
            int start = r.Position;
            byte op = r.ReadByte();
            ended = false;
            switch (op)
            {
                case 0x00 or 0x01 or 0x05 or 0x0F or 0x1A or 0x1B or 0xD1 or 0xD3 or 0xD4:
                    break;
                case 0x0B:
                    ended = true;
                    break;
                case 0x02 or 0x03 or 0x04:
                    SkipBlockType(r);
                    break;
                case 0x0C or 0x0D or 0x10 or 0x12 or 0x14 or 0x15 or 0x20 or 0x21 or 0x22 or 0x23 or 0x24 or 0x25 or 0x26 or 0xD2 or 0xD5 or 0xD6:
                    r.ReadU32();
                    break;
                case 0x0E:
                    for (uint i = 0, n = r.ReadU32(); i <= n; i++) r.ReadU32(); // the targets and the default
                    break;
                case 0x11 or 0x13:
                    r.ReadU32();
                    r.ReadU32();
                    break;
                case 0x1C:
                    for (uint i = 0, n = r.ReadU32(); i < n; i++) r.SkipValueType();
                    break;
                case >= 0x28 and <= 0x35:
                    ReadMemArg(r);
                    break;
                case >= 0x36 and <= 0x3E:
                {
                    var (memory, offset) = ReadMemArg(r);
                    if (memory == 0) StoreBarrier(w, temps, context, StoredType(op), offset);
                    break;
                }
                case 0x3F or 0x40:
                    r.ReadU32();
                    break;
                case 0x41 or 0x42:
                    r.SkipSigned();
                    break;
                case 0x43:
                    r.Skip(4);
                    break;
                case 0x44:
                    r.Skip(8);
                    break;
                case >= 0x45 and <= 0xC4:
                    break;
                case 0xD0:
                    r.SkipSigned();
                    break;
                case 0xFC:
                    Prefixed(r, w, temps, context, start);
                    break;
                case 0xFD:
                    Vector(r, w, temps, context, start);
                    break;
                default:
                    string what = op switch
                    {
                        0x06 or 0x07 or 0x08 or 0x09 or 0x0A or 0x18 or 0x19 or 0x1F => "an exception-handling instruction",
                        0xFB => "a GC instruction",
                        0xFE => "an atomic (threads) instruction",
                        _ => "an unknown instruction",
                    };
                    throw new InvalidDataException($"{what} (0x{op:x2}) at offset {start} is not supported by the write barrier");
            }
            w.Bytes(r.Bytes.AsSpan(start, r.Position - start));
        }
        if (!ended) throw new InvalidDataException($"a function body ending at offset {r.End} does not end with 'end'");
    }

    private static void Prefixed(WasmReader r, WasmWriter w, Temps temps, Context context, int start)
    {
        uint sub = r.ReadU32();
        switch (sub)
        {
            case <= 7: break; // saturating truncations
            case 8: // memory.init data memory: [d s n] with s and n i32
            {
                r.ReadU32();
                if (r.ReadU32() != 0) break;
                RangeBarrier(w, temps, context, temps.Get("i32b", 0x7F), temps.Get("i32a", 0x7F), widenCount: context.Layout.Memory64);
                break;
            }
            case 9 or 13 or 15 or 16 or 17:
                r.ReadU32();
                break;
            case 10: // memory.copy dst src: [d s n]
            {
                uint destination = r.ReadU32();
                r.ReadU32();
                if (destination != 0) break;
                byte t = context.Layout.AddressType;
                RangeBarrier(w, temps, context, temps.Get("addr2", t), temps.Get("addr1", t), widenCount: false);
                break;
            }
            case 11: // memory.fill memory: [d value n]
            {
                if (r.ReadU32() != 0) break;
                RangeBarrier(w, temps, context, temps.Get("addr2", context.Layout.AddressType), temps.Get("i32a", 0x7F), widenCount: false);
                break;
            }
            case 12 or 14:
                r.ReadU32();
                r.ReadU32();
                break;
            default:
                throw new InvalidDataException($"unknown instruction 0xFC {sub} at offset {start}");
        }
    }

    /// <summary>
    /// The barrier of a bulk operation <c>[d x n]</c> (memory.init, memory.copy, memory.fill): saves the three operands
    /// in locals, marks [d, d + n) through the appended helper (widening an i32 count for a 64-bit memory), adds the
    /// barrier's fuel, and pushes the operands back.
    /// </summary>
    private static void RangeBarrier(WasmWriter w, Temps temps, Context context, uint count, uint middle, bool widenCount)
    {
        uint destination = temps.Get("addr0", context.Layout.AddressType);
        w.ResetCount();
        w.Op(0x21).U32(count).Op(0x21).U32(middle).Op(0x22).U32(destination).Op(0x20).U32(count);
        if (widenCount) w.Op(0xAD);
        w.Op(0x10).U32(context.HelperFunction); // the helper adds the map bytes it fills itself
        const int After = 3; // the three local.get below
        AddFuel(w, temps, context, w.Count + AddFuelCost + After + context.HelperCost);
        w.Op(0x20).U32(destination).Op(0x20).U32(middle).Op(0x20).U32(count);
    }

    /// <summary>Instructions <see cref="AddFuel"/> always runs.</summary>
    private const int AddFuelCost = 9;

    /// <summary>
    /// Adds <paramref name="cost"/> to the barrier fuel; past the budget, calls the refuel function (which gives the
    /// store more fuel) and adds what that call cost. A message then never holds much more fuel than its limit plus
    /// what its barriers used, so a runaway loop stops as soon after its limit as without barriers.
    /// </summary>
    private static void AddFuel(WasmWriter w, Temps temps, Context context, int cost)
    {
        uint total = temps.Get("fuel64", 0x7E);
        w.Op(0x23).U32(context.FuelGlobal).Op(0x42).S64(cost).Op(0x7C).Op(0x22).U32(total).Op(0x24).U32(context.FuelGlobal);
        w.Op(0x20).U32(total).Op(0x23).U32(context.BudgetGlobal).Op(0x56).Op(0x04).Byte(0x40); // i64.gt_u; if
        const int RefuelCost = 6; // i32.const, call_indirect and the four below ('end' is free)
        w.Op(0x41).S64(0).Op(0x11).U32(context.RefuelType).U32(context.RefuelTable);
        w.Op(0x23).U32(context.FuelGlobal).Op(0x42).S64(RefuelCost).Op(0x7C).Op(0x24).U32(context.FuelGlobal);
        w.Byte(0x0B);
    }

    private static void Vector(WasmReader r, WasmWriter w, Temps temps, Context context, int start)
    {
        uint sub = r.ReadU32();
        switch (sub)
        {
            case <= 10 or 92 or 93: // loads
                ReadMemArg(r);
                break;
            case 11: // v128.store
            {
                var (memory, offset) = ReadMemArg(r);
                if (memory == 0) StoreBarrier(w, temps, context, 0x7B, offset);
                break;
            }
            case 12 or 13: // v128.const, i8x16.shuffle
                r.Skip(16);
                break;
            case >= 21 and <= 34: // extract/replace lane
                r.ReadByte();
                break;
            case >= 84 and <= 87: // load lane
                ReadMemArg(r);
                r.ReadByte();
                break;
            case >= 88 and <= 91: // store lane
            {
                var (memory, offset) = ReadMemArg(r);
                r.ReadByte();
                if (memory == 0) StoreBarrier(w, temps, context, 0x7B, offset);
                break;
            }
            case <= 0x113: // everything else up to the relaxed SIMD instructions takes no immediate
                break;
            default:
                throw new InvalidDataException($"unknown instruction 0xFD {sub} at offset {start}");
        }
    }

    private static void StoreBarrier(WasmWriter w, Temps temps, Context context, byte valueType, ulong offset)
    {
        var layout = context.Layout;
        uint value = temps.Get("value" + valueType, valueType), address = temps.Get("addr0", layout.AddressType);
        w.ResetCount();
        w.Op(0x21).U32(value).Op(0x22).U32(address);
        if (layout.Memory64)
        {
            uint page = temps.Get("page64", 0x7E);
            if (offset != 0) w.Op(0x42).S64((long)offset).Op(0x7C);
            w.Op(0x42).S64(PageShift).Op(0x88).Op(0x22).U32(page);
            w.Op(0x42).S64(layout.CoveredPages).Op(0x20).U32(page).Op(0x42).S64(layout.CoveredPages).Op(0x54).Op(0x1B).Op(0xA7);
        }
        else
        {
            if (offset != 0) w.Op(0x41).S64((int)(uint)offset).Op(0x6A);
            w.Op(0x41).S64(PageShift).Op(0x76);
        }
        w.Op(0x41).S64(0x0101).Op(0x3B).U32(0x40).U32(1).U32(0); // i32.store16 align=1 memory 1 offset 0
        AddFuel(w, temps, context, w.Count + AddFuelCost + 2);
        w.Op(0x20).U32(address).Op(0x20).U32(value);
    }

    private static byte StoredType(byte op) => op switch
    {
        0x36 or 0x3A or 0x3B => 0x7F,
        0x37 or 0x3C or 0x3D or 0x3E => 0x7E,
        0x38 => 0x7D,
        _ => 0x7C,
    };

    private static (uint Memory, ulong Offset) ReadMemArg(WasmReader r)
    {
        uint flags = r.ReadU32();
        uint memory = (flags & 0x40) != 0 ? r.ReadU32() : 0;
        return (memory, r.ReadU64());
    }

    private static void SkipBlockType(WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x40 or 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F: return;
            case 0x63 or 0x64: r.SkipSigned(); return;
            default:
                // A type index (a positive s33).
                r.Position = at;
                r.SkipSigned();
                return;
        }
    }
}

/// <summary>An instrumented module and what the replica needs to read its written-page map.</summary>
internal sealed class BarrierLayout(bool memory64)
{
    /// <summary>True when main memory is 64-bit.</summary>
    public bool Memory64 { get; } = memory64;

    /// <summary>The value type of main memory's addresses.</summary>
    public byte AddressType => Memory64 ? (byte)0x7E : (byte)0x7F;

    /// <summary>
    /// 4 KiB pages of main memory the map tells apart: all of a 32-bit memory; 64 GiB of a 64-bit one, whose map byte
    /// at this index then stands for every page from here on.
    /// </summary>
    public long CoveredPages => Memory64 ? 1L << 24 : 1L << 20;

    /// <summary>The map's size in 64 KiB Wasm pages (covered pages plus two bytes, rounded up).</summary>
    public uint MapWasmPages => (uint)((CoveredPages + 2 + 65535) / 65536);

    /// <summary>The instrumented module.</summary>
    public byte[] Bytes { get; set; } = [];
}
