namespace Icp.Replica.Wasm;

/// <summary>
/// A bounded cursor over part of a Wasm binary: every read checks the end it was given and fails with an
/// <see cref="InvalidDataException"/> that names the offset, so malformed input never reads past its section.
/// </summary>
internal sealed class WasmReader(byte[] bytes, int position, int end)
{
    /// <summary>The module's bytes.</summary>
    public byte[] Bytes { get; } = bytes;

    /// <summary>Offset of the next byte to read.</summary>
    public int Position { get; set; } = position;

    /// <summary>Offset just past the last readable byte.</summary>
    public int End { get; } = end;

    /// <summary>True when every byte up to <see cref="End"/> was read.</summary>
    public bool AtEnd => Position >= End;

    public byte ReadByte()
    {
        if (Position >= End) throw new InvalidDataException($"unexpected end of data at offset {Position}");
        return Bytes[Position++];
    }

    public void Skip(int count)
    {
        if (count < 0 || count > End - Position) throw new InvalidDataException($"{count} bytes at offset {Position} run past the end ({End})");
        Position += count;
    }

    public uint ReadU32()
    {
        int at = Position;
        ulong value = ReadU64();
        if (value > uint.MaxValue) throw new InvalidDataException($"LEB128 value at offset {at} does not fit 32 bits");
        return (uint)value;
    }

    public ulong ReadU64()
    {
        int at = Position;
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 63) throw new InvalidDataException($"LEB128 value at offset {at} is too long");
            byte b = ReadByte();
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /// <summary>Skips a signed LEB128 of up to 64 bits (constants, block types, heap types).</summary>
    public void SkipSigned()
    {
        int at = Position;
        for (int i = 0; ; i++)
        {
            if (i >= 10) throw new InvalidDataException($"LEB128 value at offset {at} is too long");
            if ((ReadByte() & 0x80) == 0) return;
        }
    }

    /// <summary>Skips a value type: a number, vector or reference type byte, or <c>(ref null? ht)</c> with its heap type.</summary>
    public void SkipValueType()
    {
        int at = Position;
        byte t = ReadByte();
        switch (t)
        {
            case 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F: return;
            case 0x63 or 0x64: SkipSigned(); return;
            default: throw new InvalidDataException($"unknown value type 0x{t:x2} at offset {at}");
        }
    }
}
