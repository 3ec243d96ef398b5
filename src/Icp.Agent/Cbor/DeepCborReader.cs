using System.Text;

namespace Icp.Agent.Cbor;

/// <summary>
/// A small CBOR reader for the subset certificates and hash trees use (unsigned integers, byte and text strings,
/// definite arrays and maps, tags, null). It exists because System.Formats.Cbor refuses nesting beyond 64 levels,
/// while a hash tree legitimately nests deeper; our callers bound the depth themselves.
/// </summary>
internal sealed class DeepCborReader
{
    public const int MajorUnsigned = 0, MajorNegative = 1, MajorBytes = 2, MajorText = 3, MajorArray = 4, MajorMap = 5, MajorTag = 6, MajorSimple = 7;

    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    public DeepCborReader(ReadOnlyMemory<byte> data) => _data = data;

    public int BytesRemaining => _data.Length - _position;

    /// <summary>The major type of the next item.</summary>
    public int PeekMajor()
    {
        if (_position >= _data.Length) throw new FormatException("unexpected end of CBOR data");
        return _data.Span[_position] >> 5;
    }

    public bool PeekIsNull() => _position < _data.Length && _data.Span[_position] == 0xf6;

    public void ReadNull()
    {
        if (!PeekIsNull()) throw new FormatException("expected CBOR null");
        _position++;
    }

    public ulong ReadUnsigned() => ReadHead(MajorUnsigned, "an unsigned integer");

    public byte[] ReadBytes() => ReadSpan(checked((int)Math.Min(ReadHead(MajorBytes, "a byte string"), int.MaxValue)), "byte string").ToArray();

    public string ReadText()
    {
        var length = ReadHead(MajorText, "a text string");
        var span = ReadSpan(checked((int)Math.Min(length, int.MaxValue)), "text string");
        try { return new UTF8Encoding(false, true).GetString(span); }
        catch (DecoderFallbackException e) { throw new FormatException("invalid UTF-8 in CBOR text", e); }
    }

    public int ReadArrayHeader() => ReadCount(MajorArray, "an array");

    public int ReadMapHeader() => ReadCount(MajorMap, "a map");

    public ulong ReadTag() => ReadHead(MajorTag, "a tag");

    /// <summary>Skips the next item, refusing nesting deeper than <paramref name="maxDepth"/>.</summary>
    public void SkipValue(int maxDepth)
    {
        if (maxDepth <= 0) throw new FormatException("CBOR nests too deeply");
        switch (PeekMajor())
        {
            case MajorUnsigned: case MajorNegative: ReadHeadAny(); break;
            case MajorBytes: case MajorText: ReadSpan(checked((int)Math.Min(ReadHeadAny(), int.MaxValue)), "string"); break;
            case MajorArray:
                for (int i = 0, n = ReadArrayHeader(); i < n; i++) SkipValue(maxDepth - 1);
                break;
            case MajorMap:
                for (int i = 0, n = ReadMapHeader(); i < n; i++) { SkipValue(maxDepth - 1); SkipValue(maxDepth - 1); }
                break;
            case MajorTag: ReadHeadAny(); SkipValue(maxDepth - 1); break;
            default:
                var info = _data.Span[_position] & 0x1f;
                if (info == 31) throw new FormatException("unexpected CBOR break");
                ReadHeadAny(); // simple values and floats: the head carries the whole value
                break;
        }
    }

    private int ReadCount(int major, string what)
    {
        var n = ReadHead(major, what);
        // Each element takes at least one byte, so a larger count is a lie that would make us allocate or loop.
        if (n > (ulong)BytesRemaining) throw new FormatException($"CBOR {what[2..]} claims {n} elements, more than the remaining bytes");
        return (int)n;
    }

    private ulong ReadHead(int major, string what)
    {
        var actual = PeekMajor();
        if (actual != major) throw new FormatException($"expected {what} (CBOR major type {major}), found major type {actual}");
        return ReadHeadAny();
    }

    private ulong ReadHeadAny()
    {
        var span = _data.Span;
        var info = span[_position] & 0x1f;
        _position++;
        switch (info)
        {
            case < 24: return (ulong)info;
            case 24: return ReadSpan(1, "head")[0];
            case 25: return System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(ReadSpan(2, "head"));
            case 26: return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ReadSpan(4, "head"));
            case 27: return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(ReadSpan(8, "head"));
            case 31: throw new FormatException("indefinite-length CBOR items are not supported here");
            default: throw new FormatException($"reserved CBOR additional information {info}");
        }
    }

    private ReadOnlySpan<byte> ReadSpan(int length, string what)
    {
        if (length < 0 || length > BytesRemaining) throw new FormatException($"truncated CBOR {what}");
        var span = _data.Span.Slice(_position, length);
        _position += length;
        return span;
    }
}
