namespace Icp.Candid;

/// <summary>Writes a message: the header for the given argument types, then each value with its converter, in order.</summary>
public sealed class CandidArgumentWriter : IDisposable
{
    private readonly CandidWriter _writer;
    private readonly CandidType[] _types;
    private int _index;

    /// <summary>Starts a message whose arguments have these types.</summary>
    public CandidArgumentWriter(params CandidType[] types) : this(new CandidWriter(256), types)
    {
    }

    /// <summary>Starts a message written straight into <paramref name="destination"/> (then <see cref="ToArray"/> is not available).</summary>
    public CandidArgumentWriter(System.Buffers.IBufferWriter<byte> destination, params CandidType[] types) : this(new CandidWriter(destination), types)
    {
    }

    private CandidArgumentWriter(CandidWriter writer, CandidType[] types)
    {
        _types = types;
        _writer = writer;
        var table = new CandidTypeTableBuilder();
        var codes = new long[types.Length];
        for (int i = 0; i < types.Length; i++) codes[i] = table.GetCode(types[i]);
        table.WriteHeader(_writer, codes);
    }

    /// <summary>Writes the next argument.</summary>
    public void Write<T>(CandidConverter<T> converter, T value)
    {
        if (_index >= _types.Length) throw new InvalidOperationException($"the message has only {_types.Length} arguments");
        _index++;
        converter.Write(_writer, value);
    }

    /// <summary>The message; every argument must have been written.</summary>
    public byte[] ToArray()
    {
        Complete();
        return _writer.ToArray();
    }

    /// <summary>Checks that every argument was written (for a message written into a destination buffer).</summary>
    public void Complete()
    {
        if (_index != _types.Length) throw new InvalidOperationException($"{_types.Length - _index} of {_types.Length} arguments not written");
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => _writer.Dispose();
}
