using Icp.Replica.Wasm;

namespace Icp.Replica.Tests;

/// <summary>The section reader under the replica's module handling: malformed layouts fail with the offset, never an index error.</summary>
public sealed class WasmBinaryTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    [Theory]
    [InlineData(new byte[] { 0x06, 0x05, 0x01, 0x7F, 0x01, 0x41, 0x80 }, "offset 15")]     // global section cut inside i32.const
    [InlineData(new byte[] { 0x06, 0x03, 0x01, 0x7F, 0x01 }, "offset 13")]                   // global section ends before its initializer
    [InlineData(new byte[] { 0x05, 0x01, 0x01 }, "offset 11")]                               // a memory without its limits
    [InlineData(new byte[] { 0x00, 0x05, 0x09, 0x61 }, "offset 10")]                         // custom section name longer than the section
    [InlineData(new byte[] { 0x02, 0x09, 0x01, 0x01, 0x61, 0x01, 0x62, 0x07 }, "offset")]   // import section past its end
    [InlineData(new byte[] { 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, "offset 9")]       // a section size that does not fit 32 bits
    public void A_malformed_section_fails_with_its_offset(byte[] sections, string where)
    {
        var e = Assert.Throws<InvalidDataException>(() => WasmBinary.Parse([.. Header, .. sections]));
        Assert.Contains(where, e.Message);
    }

    [Fact]
    public void Globals_memory_table_and_start_are_read_and_exported()
    {
        byte[] wasm = Wasmtime.Module.ConvertText("""
            (module
              (global (mut i32) (i32.const 1)) (global i64 (i64.const 2)) (global (mut f64) (f64.const 3))
              (memory 1) (table 1 funcref)
              (func $init) (start $init))
            """);
        var binary = WasmBinary.Parse(wasm);
        Assert.Equal([0u, 2u], binary.MutableGlobals);
        Assert.True(binary.HasMemory);
        Assert.False(binary.Memory64);
        Assert.True(binary.HasTable);
        Assert.Equal(0u, binary.StartFunction);
        using var engine = new Wasmtime.Engine();
        using var module = Wasmtime.Module.FromBytes(engine, "exported", binary.WithGlobalsExported());
        var exports = module.Exports.Select(e => e.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            WasmBinary.MemoryExport, WasmBinary.TableExport, WasmBinary.StartExport,
            WasmBinary.GlobalExportPrefix + 0, WasmBinary.GlobalExportPrefix + 2,
        }, exports);
        Assert.DoesNotContain(WasmBinary.GlobalExportPrefix + 1, exports);
    }
}
