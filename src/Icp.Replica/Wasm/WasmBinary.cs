using System.Text;

namespace Icp.Replica.Wasm;

/// <summary>
/// Reads the parts of a Wasm binary that Wasmtime's API does not show (custom sections, the global section)
/// and rewrites it to export every mutable global. The IC persists globals between messages; we need them
/// exported to snapshot and restore them when a message traps, the same instrumentation the IC applies.
/// </summary>
internal sealed class WasmBinary
{
    /// <summary>Prefix of the exports we add; canisters cannot collide with it in practice.</summary>
    public const string GlobalExportPrefix = "__icp_replica_global_";

    private WasmBinary(byte[] bytes) => Bytes = bytes;

    /// <summary>The (possibly gzip-decompressed) original bytes.</summary>
    public byte[] Bytes { get; }

    /// <summary>Custom sections by name (the IC's <c>icp:public</c>/<c>icp:private</c> metadata among them).</summary>
    public Dictionary<string, byte[]> CustomSections { get; } = new(StringComparer.Ordinal);

    /// <summary>Export name we give the module's memory (the IC also needs it whether or not the canister exports it).</summary>
    public const string MemoryExport = "__icp_replica_memory";

    /// <summary>Export name we give the module's function table (callbacks are indices into it).</summary>
    public const string TableExport = "__icp_replica_table";

    /// <summary>Export name we give the start function, which we remove as a start function and call ourselves.</summary>
    public const string StartExport = "__icp_replica_start";

    /// <summary>The start function's index, if the module has one.</summary>
    public uint? StartFunction { get; private set; }

    /// <summary>True when the module defines a memory.</summary>
    public bool HasMemory { get; private set; }

    /// <summary>How many memories the module defines (a canister may have at most one).</summary>
    public uint DefinedMemories { get; private set; }

    /// <summary>True when the module's memory is 64-bit (memory64): System API pointers are then i64.</summary>
    public bool Memory64 { get; private set; }

    /// <summary>True when the module defines a table.</summary>
    public bool HasTable { get; private set; }

    /// <summary>Indices (in the module's global index space) of globals the module defines as mutable.</summary>
    public List<uint> MutableGlobals { get; } = [];

    /// <summary>Parses a module; throws <see cref="InvalidDataException"/> (with the offset) on a malformed section layout.</summary>
    public static WasmBinary Parse(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) bytes = Gunzip(bytes);
        if (bytes.Length < 8 || bytes[0] != 0 || bytes[1] != (byte)'a' || bytes[2] != (byte)'s' || bytes[3] != (byte)'m')
            throw new InvalidDataException("not a Wasm module (bad magic number)");
        var result = new WasmBinary(bytes);
        var sections = new WasmReader(bytes, 8, bytes.Length);
        uint importedGlobals = 0;
        while (!sections.AtEnd)
        {
            byte id = sections.ReadByte();
            int size = checked((int)sections.ReadU32());
            int start = sections.Position;
            sections.Skip(size);
            var r = new WasmReader(bytes, start, sections.Position);
            switch (id)
            {
                case 0:
                    int nameLength = checked((int)r.ReadU32());
                    int nameStart = r.Position;
                    r.Skip(nameLength);
                    result.CustomSections[Encoding.UTF8.GetString(bytes, nameStart, nameLength)] = bytes[r.Position..r.End];
                    break;
                case 2:
                    importedGlobals = CountImportedGlobals(r);
                    break;
                case 4:
                    result.HasTable = r.ReadU32() > 0;
                    break;
                case 5:
                    result.DefinedMemories = r.ReadU32();
                    if (result.DefinedMemories > 0)
                    {
                        result.HasMemory = true;
                        result.Memory64 = (r.ReadByte() & 4) != 0;
                    }
                    break;
                case 8:
                    result.StartFunction = r.ReadU32();
                    break;
                case 6:
                    uint count = r.ReadU32();
                    for (uint i = 0; i < count; i++)
                    {
                        r.SkipValueType();
                        bool mutable = r.ReadByte() == 1;
                        SkipConstExpr(r);
                        if (mutable) result.MutableGlobals.Add(importedGlobals + i);
                    }
                    break;
            }
        }
        return result;
    }

    /// <summary>
    /// The module with exports added: <c>__icp_replica_global_N</c> for each mutable global N, and the memory and
    /// table under fixed names (the canister's own exports stay as they are). The start function is no longer
    /// one: it is exported instead, so the replica can load a kept main memory before running it (upgrades with
    /// enhanced orthogonal persistence) and skip it when rebuilding an instance from a snapshot.
    /// </summary>
    public byte[] WithGlobalsExported()
    {
        var output = new WasmWriter().Bytes(Bytes.AsSpan(0, 8));
        var sections = new WasmReader(Bytes, 8, Bytes.Length);
        bool written = false;
        while (!sections.AtEnd)
        {
            int start = sections.Position;
            byte id = sections.ReadByte();
            int size = checked((int)sections.ReadU32());
            int bodyStart = sections.Position;
            sections.Skip(size);
            if (id == 8)
            {
                // Drop the start section (exported below instead).
            }
            else if (id == 7)
            {
                var r = new WasmReader(Bytes, bodyStart, sections.Position);
                uint count = r.ReadU32();
                output.Section(7, ExportSection(count, Bytes.AsSpan(r.Position, r.End - r.Position)));
                written = true;
            }
            else
            {
                // A module without an export section gets one just before the first section that must follow it
                // (start 8, element 9, data count 12, code 10, data 11); custom sections may sit anywhere.
                if (!written && id is 8 or 9 or 10 or 11 or 12)
                {
                    output.Section(7, ExportSection(0, []));
                    written = true;
                }
                output.Bytes(Bytes.AsSpan(start, sections.Position - start));
            }
        }
        if (!written) output.Section(7, ExportSection(0, []));
        return output.ToArray();
    }

    private WasmWriter ExportSection(uint existingCount, ReadOnlySpan<byte> existingEntries)
    {
        var body = new WasmWriter()
            .U32(existingCount + (uint)MutableGlobals.Count + (HasMemory ? 1u : 0u) + (HasTable ? 1u : 0u) + (StartFunction is null ? 0u : 1u))
            .Bytes(existingEntries);
        if (HasMemory) Export(body, MemoryExport, 2, 0);
        if (HasTable) Export(body, TableExport, 1, 0);
        if (StartFunction is { } start) Export(body, StartExport, 0, start);
        foreach (uint index in MutableGlobals) Export(body, GlobalExportPrefix + index, 3, index);
        return body;
    }

    /// <summary>Appends one export entry (name, kind, index) to an export section's body.</summary>
    internal static void Export(WasmWriter body, string name, byte kind, uint index)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        body.U32((uint)bytes.Length).Bytes(bytes).Byte(kind).U32(index);
    }

    private static uint CountImportedGlobals(WasmReader r)
    {
        uint count = r.ReadU32(), globals = 0;
        for (uint i = 0; i < count; i++)
        {
            r.Skip(checked((int)r.ReadU32())); // module name
            r.Skip(checked((int)r.ReadU32())); // field name
            int at = r.Position;
            byte kind = r.ReadByte();
            switch (kind)
            {
                case 0: r.ReadU32(); break; // function: type index
                case 1: r.SkipValueType(); SkipLimits(r); break; // table
                case 2: SkipLimits(r); break; // memory
                case 3: r.SkipValueType(); r.ReadByte(); globals++; break; // global
                case 4: r.ReadByte(); r.ReadU32(); break; // tag
                default: throw new InvalidDataException($"unknown import kind {kind} at offset {at}");
            }
        }
        return globals;
    }

    /// <summary>Skips a table's or memory's limits: flags, minimum, and the maximum when flagged.</summary>
    internal static void SkipLimits(WasmReader r)
    {
        byte flags = r.ReadByte();
        r.ReadU64();
        if ((flags & 1) != 0) r.ReadU64();
    }

    /// <summary>Skips a constant expression up to its <c>end</c> (0x0B), including extended-const arithmetic.</summary>
    private static void SkipConstExpr(WasmReader r)
    {
        while (true)
        {
            int at = r.Position;
            byte op = r.ReadByte();
            switch (op)
            {
                case 0x0B: return;
                case 0x41: case 0x42: r.SkipSigned(); break; // i32.const, i64.const
                case 0x43: r.Skip(4); break; // f32.const
                case 0x44: r.Skip(8); break; // f64.const
                case 0x23: case 0xD2: r.ReadU32(); break; // global.get, ref.func
                case 0xD0: r.SkipSigned(); break; // ref.null heap type
                case 0x6A: case 0x6B: case 0x6C: case 0x7C: case 0x7D: case 0x7E: break; // add/sub/mul
                case 0xFD: r.ReadU32(); r.Skip(16); break; // v128.const
                default: throw new InvalidDataException($"unsupported instruction 0x{op:x2} at offset {at} in a global initializer");
            }
        }
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
