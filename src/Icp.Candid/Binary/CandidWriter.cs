using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Icp.Candid;

/// <summary>
/// Writes the primitive encodings of Candid values (LEB128, fixed-width little-endian, length-prefixed
/// bytes) into a pooled, growing buffer. Converters write values through it; <see cref="CandidEncoder"/>
/// writes the header. Dispose it to return the buffer to the pool.
/// </summary>
public sealed class CandidWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;
    // When set, bytes go straight to the caller's buffer (one copy, no allocation) instead of our own.
    private readonly IBufferWriter<byte>? _destination;
    private long _destinationWritten;

    /// <summary>A writer with an initial capacity.</summary>
    public CandidWriter(int initialCapacity = 256) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));

    /// <summary>A writer that writes into <paramref name="destination"/> as it goes (then <see cref="WrittenSpan"/> and
    /// <see cref="ToArray"/> are not available: the bytes are the destination's).</summary>
    public CandidWriter(IBufferWriter<byte> destination)
    {
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        _buffer = [];
    }

    /// <summary>The bytes written so far.</summary>
    /// <exception cref="InvalidOperationException">The writer writes into a caller's buffer.</exception>
    public ReadOnlySpan<byte> WrittenSpan => _destination is null
        ? _buffer.AsSpan(0, _length)
        : throw new InvalidOperationException("the bytes were written into the destination buffer");

    /// <summary>The number of bytes written so far.</summary>
    public long Length => _destination is null ? _length : _destinationWritten;

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray()
    {
        if (_destination is not null) throw new InvalidOperationException("the bytes were written into the destination buffer");
        var copy = GC.AllocateUninitializedArray<byte>(_length);
        WrittenSpan.CopyTo(copy);
        return copy;
    }

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Reset() => _length = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_destination is not null) return _destination.GetSpan(count);
        if (_buffer.Length - _length < count) Grow(count);
        return _buffer.AsSpan(_length, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Commit(int count)
    {
        if (_destination is null) _length += count;
        else
        {
            _destination.Advance(count);
            _destinationWritten += count;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count)
    {
        // Double for small writes; a large write (a big blob) gets exactly the room it needs plus some,
        // so its bytes are not copied again by the next doubling.
        long wanted = count >= 64 * 1024 ? (long)_length + count + 4096 : Math.Max((long)_buffer.Length * 2, (long)_length + count);
        if (wanted > Array.MaxLength) wanted = Math.Max(Array.MaxLength, _length + count);
        var next = ArrayPool<byte>.Shared.Rent((int)wanted);
        _buffer.AsSpan(0, _length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    /// <summary>Writes one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (_length < _buffer.Length)
        {
            _buffer[_length++] = value;
            return;
        }
        Reserve(1)[0] = value;
        Commit(1);
    }

    /// <summary>Writes raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Commit(bytes.Length);
    }

    /// <summary>Writes unsigned LEB128.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUnsignedLeb128(ulong value)
    {
        if (value < 0x80) { WriteByte((byte)value); return; }
        Commit(Leb128.WriteUnsigned(Reserve(10), value));
    }

    /// <summary>Writes signed LEB128.</summary>
    public void WriteSignedLeb128(long value) => Commit(Leb128.WriteSigned(Reserve(10), value));

    /// <summary>Writes a <c>nat</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public void WriteNat(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "a nat cannot be negative");
        if (value <= ulong.MaxValue) { WriteUnsignedLeb128((ulong)value); return; }
        Commit(Leb128.WriteUnsigned(Reserve(Leb128.SizeOfUnsigned(value)), value));
    }

    /// <summary>Writes an <c>int</c>.</summary>
    public void WriteInt(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue) { WriteSignedLeb128((long)value); return; }
        Commit(Leb128.WriteSigned(Reserve(Leb128.SizeOfSigned(value)), value));
    }

    /// <summary>Writes a <c>bool</c>.</summary>
    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes a little-endian 16-bit number.</summary>
    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
        Commit(2);
    }

    /// <summary>Writes a little-endian 32-bit number.</summary>
    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
        Commit(4);
    }

    /// <summary>Writes a little-endian 64-bit number.</summary>
    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
        Commit(8);
    }

    /// <summary>Writes a length prefix.</summary>
    public void WriteLength(int length) => WriteUnsignedLeb128((ulong)length);

    /// <summary>Writes a <c>text</c>: its UTF-8 length and bytes.</summary>
    public void WriteText(string value)
    {
        int n = Encoding.UTF8.GetByteCount(value);
        WriteUnsignedLeb128((ulong)n);
        Encoding.UTF8.GetBytes(value, Reserve(n));
        Commit(n);
    }

    /// <summary>Writes a <c>blob</c>: its length and bytes.</summary>
    public void WriteBlob(ReadOnlySpan<byte> bytes)
    {
        WriteUnsignedLeb128((ulong)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>Writes a <c>principal</c> (or service reference): flag 1, length, bytes.</summary>
    public void WritePrincipal(Principal value)
    {
        WriteByte(1);
        WriteBlob(value.Bytes);
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var b = _buffer;
        _buffer = [];
        _length = 0;
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b);
    }
}
