namespace Icp.Candid;

/// <summary>Decodes Candid messages into <see cref="CandidValue"/>s, as stated or at expected types.</summary>
public static class CandidDecoder
{
    /// <summary>Decodes the arguments exactly as the message states them.</summary>
    /// <exception cref="CandidDecodeException">The message is malformed or exceeds a limit.</exception>
    public static IReadOnlyList<CandidValue> Decode(ReadOnlySpan<byte> message, CandidDecoderOptions? options = null) =>
        Decode(message, null, options);

    /// <summary>
    /// Decodes the arguments at <paramref name="types"/> with the specification's rules: extra arguments are
    /// skipped, missing optional ones are null, and each value is coerced to its expected type.
    /// </summary>
    /// <exception cref="CandidDecodeException">The message is malformed, exceeds a limit, or does not fit the types.</exception>
    public static IReadOnlyList<CandidValue> Decode(ReadOnlySpan<byte> message, IReadOnlyList<CandidType>? types, CandidDecoderOptions? options = null)
    {
        var r = new CandidReader(message, options);
        try
        {
            var wire = CandidTypeTable.ReadHeader(ref r);
            int count = types?.Count ?? wire.Length;
            var values = new CandidValue[count];
            for (int i = 0; i < count; i++)
            {
                if (i < wire.Length) values[i] = CandidValueReader.Read(ref r, wire[i], types?[i]);
                else values[i] = MissingArgument(ref r, types![i], i);
            }
            for (int i = count; i < wire.Length; i++) CandidValueReader.Skip(ref r, wire[i]);
            if (r.Remaining != 0) throw r.Error(TrailingBytes(r.Remaining));
            return values;
        }
        catch (Exception ex) when (ex is not CandidDecodeException && IsInputError(ex))
        {
            throw new CandidDecodeException(ex.Message, r.Position, ex);
        }
    }

    /// <summary>The argument types the message states (table entries are named <c>table0</c>, <c>table1</c>, ...).</summary>
    /// <exception cref="CandidDecodeException">The header is malformed.</exception>
    public static IReadOnlyList<CandidType> DecodeTypes(ReadOnlySpan<byte> message, CandidDecoderOptions? options = null)
    {
        var r = new CandidReader(message, options);
        try
        {
            return CandidTypeTable.ReadHeader(ref r).Select(w => w.ToCandidType()).ToArray();
        }
        catch (Exception ex) when (ex is not CandidDecodeException && IsInputError(ex))
        {
            throw new CandidDecodeException(ex.Message, r.Position, ex);
        }
    }

    private static CandidValue MissingArgument(ref CandidReader r, CandidType type, int index) => type.Resolve().Kind switch
    {
        CandidKind.Opt => CandidValue.None,
        CandidKind.Null => CandidValue.Null,
        CandidKind.Reserved => CandidValue.Reserved,
        _ => throw r.Mismatch($"the message has no argument {index} (of type {CandidTypePrinter.ForMessage(type)})"),
    };

    internal static string TrailingBytes(int n) => n == 1 ? "1 byte left after the last value" : $"{n} bytes left after the last value";

    // Exceptions that only malformed input can raise inside the codec; reported as decode errors.
    internal static bool IsInputError(Exception ex) =>
        ex is CandidTypeException or ArgumentException or FormatException or OverflowException or InsufficientExecutionStackException;
}
