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

    /// <summary>True when the module's memory is 64-bit (memory64): System API pointers are then i64.</summary>
    public bool Memory64 { get; private set; }

    /// <summary>True when the module defines a table.</summary>
    public bool HasTable { get; private set; }

    /// <summary>Indices (in the module's global index space) of globals the module defines as mutable.</summary>
    public List<uint> MutableGlobals { get; } = [];

    /// <summary>Parses a module; throws <see cref="InvalidDataException"/> on a malformed section layout.</summary>
    public static WasmBinary Parse(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) bytes = Gunzip(bytes);
        if (bytes.Length < 8 || bytes[0] != 0 || bytes[1] != (byte)'a' || bytes[2] != (byte)'s' || bytes[3] != (byte)'m')
            throw new InvalidDataException("not a Wasm module (bad magic number)");
        var result = new WasmBinary(bytes);
        int pos = 8;
        uint importedGlobals = 0;
        while (pos < bytes.Length)
        {
            byte id = bytes[pos++];
            uint size = ReadU32(bytes, ref pos);
            int end = checked(pos + (int)size);
            if (end > bytes.Length) throw new InvalidDataException("section runs past the end of the module");
            int p = pos;
            switch (id)
            {
                case 0:
                    uint nameLength = ReadU32(bytes, ref p);
                    string name = Encoding.UTF8.GetString(bytes, p, (int)nameLength);
                    p += (int)nameLength;
                    result.CustomSections[name] = bytes[p..end];
                    break;
                case 2:
                    importedGlobals = CountImportedGlobals(bytes, p);
                    break;
                case 4:
                    result.HasTable = ReadU32(bytes, ref p) > 0;
                    break;
                case 5:
                    if (ReadU32(bytes, ref p) > 0)
                    {
                        result.HasMemory = true;
                        result.Memory64 = (bytes[p] & 4) != 0;
                    }
                    break;
                case 8:
                    result.StartFunction = ReadU32(bytes, ref p);
                    break;
                case 6:
                    uint count = ReadU32(bytes, ref p);
                    for (uint i = 0; i < count; i++)
                    {
                        SkipValueType(bytes, ref p);
                        bool mutable = bytes[p++] == 1;
                        SkipConstExpr(bytes, ref p);
                        if (mutable) result.MutableGlobals.Add(importedGlobals + i);
                    }
                    break;
            }
            pos = end;
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
        var output = new MemoryStream(Bytes.Length + 64 * MutableGlobals.Count);
        output.Write(Bytes, 0, 8);
        int pos = 8;
        bool written = false;
        while (pos < Bytes.Length)
        {
            int start = pos;
            byte id = Bytes[pos++];
            uint size = ReadU32(Bytes, ref pos);
            int end = pos + (int)size;
            if (id == 8)
            {
                // Drop the start section (exported below instead).
            }
            else if (id == 7)
            {
                int p = pos;
                uint count = ReadU32(Bytes, ref p);
                WriteExportSection(output, count, Bytes.AsSpan(p, end - p));
                written = true;
            }
            else
            {
                // A module without an export section gets one just before the first section that must follow it
                // (start 8, element 9, data count 12, code 10, data 11); custom sections may sit anywhere.
                if (!written && id is 8 or 9 or 10 or 11 or 12)
                {
                    WriteExportSection(output, 0, []);
                    written = true;
                }
                output.Write(Bytes, start, end - start);
            }
            pos = end;
        }
        if (!written) WriteExportSection(output, 0, []);
        return output.ToArray();
    }

    private void WriteExportSection(MemoryStream output, uint existingCount, ReadOnlySpan<byte> existingEntries)
    {
        var body = new MemoryStream();
        WriteU32(body, existingCount + (uint)MutableGlobals.Count + (HasMemory ? 1u : 0u) + (HasTable ? 1u : 0u) + (StartFunction is null ? 0u : 1u));
        body.Write(existingEntries);
        if (HasMemory) WriteExport(body, MemoryExport, 2, 0);
        if (HasTable) WriteExport(body, TableExport, 1, 0);
        if (StartFunction is { } start) WriteExport(body, StartExport, 0, start);
        foreach (uint index in MutableGlobals) WriteExport(body, GlobalExportPrefix + index, 3, index);
        output.WriteByte(7);
        WriteU32(output, (uint)body.Length);
        body.WriteTo(output);
    }

    private static void WriteExport(MemoryStream body, string exportName, byte kind, uint index)
    {
        byte[] name = Encoding.UTF8.GetBytes(exportName);
        WriteU32(body, (uint)name.Length);
        body.Write(name);
        body.WriteByte(kind);
        WriteU32(body, index);
    }

    private static uint CountImportedGlobals(byte[] b, int p)
    {
        uint count = ReadU32(b, ref p), globals = 0;
        for (uint i = 0; i < count; i++)
        {
            uint moduleLength = ReadU32(b, ref p);
            p += (int)moduleLength; // module name
            uint fieldLength = ReadU32(b, ref p);
            p += (int)fieldLength; // field name
            byte kind = b[p++];
            switch (kind)
            {
                case 0: ReadU32(b, ref p); break; // function: type index
                case 1: SkipValueType(b, ref p); SkipLimits(b, ref p); break; // table
                case 2: SkipLimits(b, ref p); break; // memory
                case 3: SkipValueType(b, ref p); p++; globals++; break; // global
                case 4: p++; ReadU32(b, ref p); break; // tag
                default: throw new InvalidDataException($"unknown import kind {kind}");
            }
        }
        return globals;
    }

    private static void SkipLimits(byte[] b, ref int p)
    {
        byte flags = b[p++];
        ReadU64(b, ref p);
        if ((flags & 1) != 0) ReadU64(b, ref p);
    }

    private static void SkipValueType(byte[] b, ref int p)
    {
        byte t = b[p++];
        // (ref null ht) and (ref ht) carry a heap type (a signed LEB128).
        if (t is 0x63 or 0x64) ReadS64(b, ref p);
    }

    /// <summary>Skips a constant expression up to its <c>end</c> (0x0B), including extended-const arithmetic.</summary>
    private static void SkipConstExpr(byte[] b, ref int p)
    {
        while (true)
        {
            byte op = b[p++];
            switch (op)
            {
                case 0x0B: return;
                case 0x41: case 0x42: ReadS64(b, ref p); break; // i32.const, i64.const
                case 0x43: p += 4; break; // f32.const
                case 0x44: p += 8; break; // f64.const
                case 0x23: case 0xD2: ReadU32(b, ref p); break; // global.get, ref.func
                case 0xD0: ReadS64(b, ref p); break; // ref.null heap type
                case 0x6A: case 0x6B: case 0x6C: case 0x7C: case 0x7D: case 0x7E: break; // add/sub/mul
                case 0xFD: ReadU32(b, ref p); p += 16; break; // v128.const
                default: throw new InvalidDataException($"unsupported instruction 0x{op:x2} in a global initializer");
            }
        }
    }

    internal static uint ReadU32(byte[] b, ref int p) => checked((uint)ReadU64(b, ref p));

    private static ulong ReadU64(byte[] b, ref int p)
    {
        ulong result = 0;
        int shift = 0;
        while (true)
        {
            byte x = b[p++];
            result |= (ulong)(x & 0x7f) << shift;
            if ((x & 0x80) == 0) return result;
            shift += 7;
            if (shift > 63) throw new InvalidDataException("LEB128 value too long");
        }
    }

    private static void ReadS64(byte[] b, ref int p)
    {
        while ((b[p++] & 0x80) != 0) { }
    }

    private static void WriteU32(Stream s, uint value)
    {
        do
        {
            byte x = (byte)(value & 0x7f);
            value >>= 7;
            if (value != 0) x |= 0x80;
            s.WriteByte(x);
        } while (value != 0);
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
