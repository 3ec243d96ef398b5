namespace Icp.Replica.Wasm;

/// <summary>
/// Two functions added to a module so that a snapshot reads all its mutable globals with one call instead of one
/// Wasmtime call per global (a Motoko canister has over thirty, read before every message): <c>save</c> stores every
/// mutable number global into a small memory of its own (the mirror, 8 bytes a global in declaration order), <c>load</c>
/// sets them all from it. The host reads and writes the mirror's bytes directly. The canister's own code never sees
/// either: they are reachable only through exports with our prefix, and the mirror is a second memory nothing else uses.
/// </summary>
internal sealed partial class WasmBinary
{
    /// <summary>Export of the function that stores every mutable global into the mirror.</summary>
    public const string GlobalsSaveExport = "__icp_replica_globals_save";

    /// <summary>Export of the function that sets every mutable global from the mirror.</summary>
    public const string GlobalsLoadExport = "__icp_replica_globals_load";

    /// <summary>Export of the mirror memory.</summary>
    public const string GlobalsMirrorExport = "__icp_replica_globals_mirror";

    private const byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C;

    /// <summary>Value types (binary codes) of the mutable globals, in the order of <see cref="MutableGlobals"/>.</summary>
    public List<byte> MutableGlobalTypes { get; } = [];

    private uint TypeCount { get; set; }
    private bool FunctionTypesOnly { get; set; }
    private uint ImportedFunctions { get; set; }
    private uint ImportedMemories { get; set; }
    private uint DefinedFunctions { get; set; }
    private bool HasFunctionSection { get; set; }
    private bool HasCodeSection { get; set; }


    /// <summary>
    /// True when <see cref="WithGlobalsExported"/> adds the save and load functions and the mirror: the module has
    /// mutable globals, all of them numbers, one memory of its own, and function, type (plain function types only) and
    /// code sections to add to. Otherwise the globals are read one by one through their exports.
    /// </summary>
    public bool MirrorsGlobals => MutableGlobals.Count > 0 && MutableGlobalTypes.TrueForAll(t => t is I32 or I64 or F32 or F64)
        && FunctionTypesOnly && HasFunctionSection && HasCodeSection && MemoryCount == 1 && ImportedMemories == 0;

    /// <summary>True when every entry of the type section at <paramref name="p"/> is a plain function type.</summary>
    private static bool CountFunctionTypes(byte[] b, int p, out uint count)
    {
        count = ReadU32(b, ref p);
        for (uint i = 0; i < count; i++)
        {
            if (b[p++] != 0x60) return false;
            for (int list = 0; list < 2; list++)
            {
                uint types = ReadU32(b, ref p);
                for (uint t = 0; t < types; t++) SkipValueType(b, ref p);
            }
        }
        return true;
    }

    /// <summary>Writes a type (1), function (3), memory (5) or code (10) section with the mirror's entries appended.</summary>
    private void WriteMirrorSection(MemoryStream output, byte id, uint count, ReadOnlySpan<byte> entries)
    {
        var body = new MemoryStream(entries.Length + 16 * MutableGlobals.Count + 16);
        uint added = id is 3 or 10 ? 2u : 1u;
        WriteU32(body, count + added);
        body.Write(entries);
        switch (id)
        {
            case 1:
                body.Write([0x60, 0x00, 0x00]); // () -> ()
                break;
            case 3:
                WriteU32(body, TypeCount);
                WriteU32(body, TypeCount);
                break;
            case 5:
                body.Write([0x00, 0x01]); // 32-bit, one page, no maximum
                break;
            case 10:
                WriteBody(body, save: true);
                WriteBody(body, save: false);
                break;
        }
        output.WriteByte(id);
        WriteU32(output, (uint)body.Length);
        body.WriteTo(output);
    }

    // save: (i32.const 0) (global.get g) (T.store mirror offset=8k) for each; load: (i32.const 0) (T.load mirror offset=8k) (global.set g).
    private void WriteBody(MemoryStream code, bool save)
    {
        var body = new MemoryStream();
        body.WriteByte(0x00); // no locals
        for (int k = 0; k < MutableGlobals.Count; k++)
        {
            byte type = MutableGlobalTypes[k];
            body.Write([0x41, 0x00]); // i32.const 0
            if (save)
            {
                body.WriteByte(0x23); // global.get
                WriteU32(body, MutableGlobals[k]);
            }
            body.WriteByte(type switch
            {
                I32 => (byte)(save ? 0x36 : 0x28),
                I64 => (byte)(save ? 0x37 : 0x29),
                F32 => (byte)(save ? 0x38 : 0x2A),
                _ => (byte)(save ? 0x39 : 0x2B),
            });
            WriteU32(body, (type is I32 or F32 ? 2u : 3u) | 0x40); // natural alignment, memory index follows
            WriteU32(body, MemoryCount);                           // the mirror
            WriteU32(body, (uint)(8 * k));                          // offset
            if (!save)
            {
                body.WriteByte(0x24); // global.set
                WriteU32(body, MutableGlobals[k]);
            }
        }
        body.WriteByte(0x0B);
        WriteU32(code, (uint)body.Length);
        body.WriteTo(code);
    }
}
