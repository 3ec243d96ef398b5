using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Icp.Candid;

/// <summary>
/// A forward-only reader over the bytes of a Candid message, in the manner of <c>Utf8JsonReader</c>:
/// it reads the primitive encodings (LEB128, fixed-width little-endian, length-prefixed bytes), charges
/// every step to the decoding budget, tracks nesting depth, and reports errors with their byte offset.
/// Converters (hand-written or generated) read values through it.
/// </summary>
public ref partial struct CandidReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly bool _hasMemory;
    private int _position;
    private long _quota;
    private int _depth;

    /// <summary>A reader over <paramref name="data"/> with the given limits.</summary>
    public CandidReader(ReadOnlySpan<byte> data, CandidDecoderOptions? options = null)
    {
        _data = data;
        Options = options ?? CandidDecoderOptions.Default;
        _quota = Options.QuotaFor(data.Length);
        Context = new CandidDecodeContext(Options);
    }

    /// <summary>A reader over <paramref name="data"/> that can hand out blobs as slices of it, without copying
    /// (see <see cref="ReadBlobMemory"/>); the caller keeps <paramref name="data"/> unchanged while they are used.</summary>
    public CandidReader(ReadOnlyMemory<byte> data, CandidDecoderOptions? options = null) : this(data.Span, options)
    {
        _memory = data;
        _hasMemory = true;
    }

    /// <summary>The limits in force.</summary>
    public CandidDecoderOptions Options { get; }

    /// <summary>State shared by the whole decoding of one message (subtype results, wire types).</summary>
    internal CandidDecodeContext Context { get; }

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes left to read.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>The budget units left.</summary>
    public readonly long QuotaLeft => _quota;

    internal void Seek(int position) => _position = position;

    /// <summary>Charges <paramref name="units"/> of work to the budget.</summary>
    /// <exception cref="CandidDecodeException">The budget is spent.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Charge(long units)
    {
        _quota -= units;
        if (_quota < 0) ThrowQuota();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowQuota() =>
        throw Error($"decoding budget exceeded (the message asks for more work than its size justifies; the limit is {Options.QuotaFor(_data.Length)} units)");

    /// <summary>Enters a nested value; pair with <see cref="Leave"/>.</summary>
    /// <exception cref="CandidDecodeException">Nesting is deeper than <see cref="CandidDecoderOptions.MaxDepth"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter()
    {
        if (++_depth > Options.MaxDepth) ThrowDepth();
    }

    /// <summary>Leaves a nested value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Leave() => _depth--;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowDepth() => throw Error($"values are nested deeper than {Options.MaxDepth} levels");

    internal int Depth { readonly get => _depth; set => _depth = value; }

    /// <summary>An error at the current position.</summary>
    public readonly CandidDecodeException Error(string message) => new(message, _position);

    /// <summary>A type mismatch at the current position (recoverable under <c>opt</c>).</summary>
    public readonly CandidTypeMismatchException Mismatch(string message) => new(message, _position);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowTruncated(int needed) =>
        throw Error(needed == 1 ? "unexpected end of the message" : $"unexpected end of the message: {needed} bytes needed, {Remaining} left");

    /// <summary>Reads one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (_position >= _data.Length) ThrowTruncated(1);
        return _data[_position++];
    }

    /// <summary>Reads <paramref name="count"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if ((uint)count > (uint)(_data.Length - _position)) ThrowTruncated(count);
        var s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    public void Skip(int count) => ReadBytes(count);

    /// <summary>Reads an unsigned LEB128 number that fits in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadUnsignedLeb128()
    {
        if (_position < _data.Length && _data[_position] < 0x80) return _data[_position++];
        return ReadUnsignedLeb128Slow();
    }

    private ulong ReadUnsignedLeb128Slow()
    {
        int start = _position;
        int end = FindLebEnd();
        ulong result = 0;
        for (int i = 0, shift = 0; i < end - start; i++, shift += 7)
        {
            ulong group = (ulong)(_data[start + i] & 0x7f);
            // Overlong zero groups are allowed by LEB128; real bits past bit 63 are an overflow.
            if (shift >= 64 ? group != 0 : shift == 63 && group > 1) throw Error("LEB128 number does not fit in 64 bits");
            if (shift < 64) result |= group << shift;
        }
        _position = end;
        return result;
    }

    /// <summary>Reads a signed LEB128 number that fits in 64 bits.</summary>
    public long ReadSignedLeb128()
    {
        int start = _position;
        var v = ReadInt();
        if (v < long.MinValue || v > long.MaxValue)
        {
            _position = start;
            throw Error("SLEB128 number does not fit in 64 bits");
        }
        return (long)v;
    }

    /// <summary>Reads a <c>nat</c> (unsigned LEB128 of any size within <see cref="CandidDecoderOptions.MaxBigIntegerBytes"/>).</summary>
    public BigInteger ReadNat() => ReadBigLeb(signed: false);

    /// <summary>Reads a <c>nat</c> as a <see cref="Nat"/>: values below 2^64 do not allocate.</summary>
    public Nat ReadNatValue()
    {
        int start = _position;
        ulong v = 0;
        for (int i = 0, shift = 0; i < 10 && start + i < _data.Length; i++, shift += 7)
        {
            byte b = _data[start + i];
            ulong group = (ulong)(b & 0x7f);
            if (shift == 63 && group > 1) break;
            v |= group << shift;
            if (b < 0x80)
            {
                _position = start + i + 1;
                return new Nat(v);
            }
        }
        return new Nat(ReadNat());
    }

    /// <summary>Reads an <c>int</c> (signed LEB128 of any size within <see cref="CandidDecoderOptions.MaxBigIntegerBytes"/>).</summary>
    public BigInteger ReadInt() => ReadBigLeb(signed: true);

    private BigInteger ReadBigLeb(bool signed)
    {
        int start = _position;
        int end = FindLebEnd();
        int len = end - start;
        bool negative = signed && (_data[end - 1] & 0x40) != 0;
        if (len <= 9)
        {
            // Up to 63 payload bits: exact in a long (for int, sign-extended from the last payload bit).
            ulong v = 0;
            int shift = 0;
            for (int i = 0; i < len; i++, shift += 7) v |= (ulong)(_data[start + i] & 0x7f) << shift;
            _position = end;
            if (!signed) return v;
            long sv = (long)v;
            if (negative && shift < 64) sv |= -1L << shift;
            return sv;
        }
        Charge(len);
        // Gather the 7-bit groups into little-endian bytes, then one BigInteger constructor call.
        var bytes = len <= 256 ? stackalloc byte[len + 1] : new byte[len + 1];
        bytes.Clear();
        int bit = 0;
        for (int i = 0; i < len; i++, bit += 7)
        {
            int group = _data[start + i] & 0x7f;
            bytes[bit >> 3] |= (byte)(group << (bit & 7));
            if ((bit & 7) > 1) bytes[(bit >> 3) + 1] |= (byte)(group >> (8 - (bit & 7)));
        }
        if (negative)
        {
            // Sign-extend from the last payload bit.
            for (int b = bit; b < bytes.Length * 8; b++) bytes[b >> 3] |= (byte)(1 << (b & 7));
        }
        _position = end;
        return new BigInteger(bytes, isUnsigned: !signed);
    }

    private readonly int FindLebEnd()
    {
        int max = Options.MaxBigIntegerBytes;
        for (int i = _position; i < _data.Length; i++)
        {
            if (_data[i] < 0x80) return i + 1;
            if (i - _position + 1 >= max) throw Error($"number longer than {max} bytes");
        }
        throw Error("unexpected end of the message inside a LEB128 number");
    }

    /// <summary>Reads a little-endian <c>nat16</c>.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    /// <summary>Reads a little-endian <c>nat32</c>.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    /// <summary>Reads a little-endian <c>nat64</c>.</summary>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    /// <summary>Reads a <c>bool</c>: exactly 0 or 1.</summary>
    public bool ReadBool()
    {
        byte b = ReadByte();
        if (b > 1) { _position--; throw Error($"a bool is 0 or 1, not {b}"); }
        return b == 1;
    }

    /// <summary>Reads the length of a vector, blob or text, checking it against the bytes left when each
    /// element takes at least <paramref name="minElementSize"/> bytes.</summary>
    public int ReadLength(int minElementSize = 1)
    {
        int start = _position;
        ulong n = ReadUnsignedLeb128();
        if (minElementSize > 0 && n > (ulong)Remaining / (ulong)minElementSize)
        {
            _position = start;
            throw Error($"length {n} is more than the {Remaining} bytes left can hold");
        }
        if (n > int.MaxValue) { _position = start; throw Error($"length {n} is too large"); }
        return (int)n;
    }

    /// <summary>Reads a <c>text</c>: a length and that many bytes of valid UTF-8.</summary>
    public string ReadText()
    {
        int n = ReadLength();
        int start = _position;
        var bytes = ReadBytes(n);
        Charge(n >> 4);
        if (n == 0) return "";
        int slot = -1;
        if (n <= CandidDecodeContext.MaxCachedStringBytes && Context.FindString(bytes, out slot) is { } cached) return cached;
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            _position = start;
            throw Error("text is not valid UTF-8");
        }
        if (slot >= 0) Context.RememberString(slot, bytes, text);
        return text;
    }

    /// <summary>Reads a length and that many bytes: a slice of the message when the reader was made over memory
    /// (no copy), a new array otherwise.</summary>
    public ReadOnlyMemory<byte> ReadBlobMemory()
    {
        if (!_hasMemory) return ReadBlob();
        int n = ReadLength();
        int start = _position;
        Skip(n);
        return _memory.Slice(start, n);
    }

    /// <summary>Reads a length and that many bytes into a new array.</summary>
    public byte[] ReadBlob()
    {
        int n = ReadLength();
        var bytes = ReadBytes(n);
        if (n == 0) return [];
        // The bytes are overwritten at once: skip the zeroing a plain allocation does.
        var copy = GC.AllocateUninitializedArray<byte>(n);
        bytes.CopyTo(copy);
        return copy;
    }

    /// <summary>Checks a <c>text</c> without building the string (used when skipping).</summary>
    public void SkipText()
    {
        int n = ReadLength();
        int start = _position;
        var bytes = ReadBytes(n);
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) { _position = start; throw Error("text is not valid UTF-8"); }
    }

    /// <summary>Reads the id form of a principal (also a service reference): flag 1, a length of at most 29, the bytes.</summary>
    public Principal ReadPrincipal()
    {
        var bytes = ReadPrincipalBytes();
        return Principal.FromBytes(bytes);
    }

    /// <summary>Reads a principal's raw bytes without allocating a <see cref="Principal"/>.</summary>
    public ReadOnlySpan<byte> ReadPrincipalBytes()
    {
        byte flag = ReadByte();
        if (flag != 1)
        {
            _position--;
            throw Error(flag == 0 ? "opaque references are not supported (flag 0)" : $"a reference flag is 0 or 1, not {flag}");
        }
        int n = ReadLength();
        if (n > Principal.MaxLength) { throw Error($"a principal has at most {Principal.MaxLength} bytes, not {n}"); }
        return ReadBytes(n);
    }
}
