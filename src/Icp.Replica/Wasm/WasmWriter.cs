namespace Icp.Replica.Wasm;

/// <summary>Appends Wasm encodings (LEB128 integers, instructions) to a growing buffer; counts the instructions written.</summary>
internal sealed class WasmWriter
{
    private readonly MemoryStream _buffer = new();

    /// <summary>Instructions written through <see cref="Op"/> since the last <see cref="ResetCount"/>.</summary>
    public int Count { get; private set; }

    public long Length => _buffer.Length;

    public void ResetCount() => Count = 0;

    /// <summary>Starts an instruction (each costs one unit of Wasmtime fuel: none written here is free).</summary>
    public WasmWriter Op(byte opcode)
    {
        Count++;
        _buffer.WriteByte(opcode);
        return this;
    }

    public WasmWriter Byte(byte value)
    {
        _buffer.WriteByte(value);
        return this;
    }

    public WasmWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public WasmWriter Bytes(WasmWriter other)
    {
        other._buffer.WriteTo(_buffer);
        return this;
    }

    public WasmWriter U32(uint value)
    {
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            if (value != 0) b |= 0x80;
            _buffer.WriteByte(b);
        } while (value != 0);
        return this;
    }

    public WasmWriter S64(long value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            _buffer.WriteByte(b);
            if (done) return this;
        }
    }

    /// <summary>A section: its id, its size, then <paramref name="body"/>.</summary>
    public WasmWriter Section(byte id, WasmWriter body)
    {
        _buffer.WriteByte(id);
        U32(checked((uint)body.Length));
        return Bytes(body);
    }

    public byte[] ToArray() => _buffer.ToArray();
}
