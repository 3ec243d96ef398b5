namespace Icp.Candid;

/// <summary>
/// Candid messages to and from C# types, as <c>JsonSerializer</c> does for JSON. Generated clients pass their
/// own converters (no reflection); hand-written types are mapped by reflection (see <see cref="CandidSerializerOptions"/>).
/// </summary>
public static class CandidSerializer
{
    /// <summary>A message with one argument.</summary>
    public static byte[] Serialize<T>(T value, CandidSerializerOptions? options = null) =>
        Serialize(value, (options ?? CandidSerializerOptions.Default).GetConverter<T>());

    /// <summary>A message with one argument, written by <paramref name="converter"/>.</summary>
    public static byte[] Serialize<T>(T value, CandidConverter<T> converter)
    {
        using var w = new CandidArgumentWriter(converter.CandidType);
        w.Write(converter, value);
        return w.ToArray();
    }

    /// <summary>A message with one argument, written by <paramref name="converter"/> straight into
    /// <paramref name="destination"/>: no intermediate buffer, so a reused destination makes encoding allocation-free.</summary>
    public static void Serialize<T>(System.Buffers.IBufferWriter<byte> destination, T value, CandidConverter<T> converter)
    {
        using var w = new CandidArgumentWriter(destination, converter.CandidType);
        w.Write(converter, value);
        w.Complete();
    }

    /// <summary>A message with two arguments.</summary>
    public static byte[] SerializeArguments<T1, T2>(T1 first, T2 second, CandidSerializerOptions? options = null)
    {
        var o = options ?? CandidSerializerOptions.Default;
        var c1 = o.GetConverter<T1>();
        var c2 = o.GetConverter<T2>();
        using var w = new CandidArgumentWriter(c1.CandidType, c2.CandidType);
        w.Write(c1, first);
        w.Write(c2, second);
        return w.ToArray();
    }

    /// <summary>A message with no arguments: <c>DIDL\0\0</c>.</summary>
    public static byte[] SerializeEmpty() => "DIDL\0\0"u8.ToArray();

    /// <summary>The first argument of a message (others are skipped).</summary>
    /// <exception cref="CandidDecodeException">The message is malformed or does not fit <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> message, CandidSerializerOptions? options = null)
    {
        var o = options ?? CandidSerializerOptions.Default;
        return Deserialize(message, o.GetConverter<T>(), o.Decoder);
    }

    /// <summary>The first argument of a message, read by <paramref name="converter"/>.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> message, CandidConverter<T> converter, CandidDecoderOptions? options = null)
    {
        var r = new CandidArgumentReader(message, options);
        var value = r.Read(converter);
        r.End();
        return value;
    }

    /// <summary>The first argument of a message given as memory: blobs read as <see cref="ReadOnlyMemory{T}"/> are
    /// slices of <paramref name="message"/>, not copies.</summary>
    public static T Deserialize<T>(ReadOnlyMemory<byte> message, CandidConverter<T> converter, CandidDecoderOptions? options = null)
    {
        var r = new CandidArgumentReader(message, options);
        var value = r.Read(converter);
        r.End();
        return value;
    }

    /// <summary>The first two arguments of a message.</summary>
    public static (T1, T2) DeserializeArguments<T1, T2>(ReadOnlySpan<byte> message, CandidSerializerOptions? options = null)
    {
        var o = options ?? CandidSerializerOptions.Default;
        var r = new CandidArgumentReader(message, o.Decoder);
        var a = r.Read(o.GetConverter<T1>());
        var b = r.Read(o.GetConverter<T2>());
        r.End();
        return (a, b);
    }
}
