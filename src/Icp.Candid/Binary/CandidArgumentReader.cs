namespace Icp.Candid;

/// <summary>
/// Reads the arguments of a message one by one with converters, with the specification's rules for argument
/// lists: a missing argument is null when its type is opt, null or reserved, extra arguments are skipped, and
/// nothing may follow the last value.
/// </summary>
public ref struct CandidArgumentReader
{
    private CandidReader _reader;
    private readonly CandidWireType[] _wire;
    private int _index;

    /// <summary>Reads the header of <paramref name="message"/>.</summary>
    /// <exception cref="CandidDecodeException">The header is malformed.</exception>
    public CandidArgumentReader(ReadOnlySpan<byte> message, CandidDecoderOptions? options = null)
    {
        _reader = new CandidReader(message, options);
        _wire = CandidTypeTable.ReadHeader(ref _reader);
    }

    /// <summary>Reads the header of <paramref name="message"/>; blobs read as memory are slices of it.</summary>
    /// <exception cref="CandidDecodeException">The header is malformed.</exception>
    public CandidArgumentReader(ReadOnlyMemory<byte> message, CandidDecoderOptions? options = null)
    {
        _reader = new CandidReader(message, options);
        _wire = CandidTypeTable.ReadHeader(ref _reader);
    }

    /// <summary>The number of arguments the message has.</summary>
    public readonly int Count => _wire.Length;

    /// <summary>The wire types of the message's arguments.</summary>
    public readonly IReadOnlyList<CandidWireType> WireTypes => _wire;

    /// <summary>Reads the next argument.</summary>
    /// <exception cref="CandidDecodeException">The value is malformed or does not fit.</exception>
    public T Read<T>(CandidConverter<T> converter)
    {
        int i = _index++;
        try
        {
            if (i < _wire.Length) return converter.Read(ref _reader, _wire[i]);
            return converter.CandidType.Resolve().Kind is CandidKind.Opt or CandidKind.Null or CandidKind.Reserved
                ? default!
                : throw _reader.Mismatch($"the message has no argument {i} (of type {converter.CandidType})");
        }
        catch (Exception ex) when (ex is not CandidDecodeException && CandidDecoder.IsInputError(ex))
        {
            throw new CandidDecodeException(ex.Message, _reader.Position, ex);
        }
    }

    /// <summary>Skips the arguments not read and checks that nothing follows them.</summary>
    public void End()
    {
        for (; _index < _wire.Length; _index++) _reader.SkipValue(_wire[_index]);
        if (_reader.Remaining != 0) throw _reader.Error(CandidDecoder.TrailingBytes(_reader.Remaining));
    }
}
