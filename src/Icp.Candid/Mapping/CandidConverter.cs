namespace Icp.Candid;

/// <summary>Maps one C# type to a Candid type: its Candid type, and how to read and write its values.</summary>
public abstract class CandidConverter
{
    /// <summary>The C# type this converter handles.</summary>
    public abstract Type ClrType { get; }

    /// <summary>The Candid type values are written at (and the type expected when reading).</summary>
    public abstract CandidType CandidType { get; }

    /// <summary>Reads a value as an object (the reflection path uses this).</summary>
    internal abstract object? ReadBoxed(ref CandidReader reader, CandidWireType wire);

    /// <summary>Writes a value given as an object (the reflection path uses this).</summary>
    internal abstract void WriteBoxed(CandidWriter writer, object? value);
}

/// <summary>
/// Reads and writes values of <typeparamref name="T"/>. <see cref="Read"/> receives the wire type the
/// message states and applies the subtyping rules (through <see cref="CandidReader"/>'s helpers); it throws
/// <see cref="CandidTypeMismatchException"/> when the value does not fit, which <c>opt</c> turns into null.
/// </summary>
public abstract class CandidConverter<T> : CandidConverter
{
    /// <inheritdoc />
    public override Type ClrType => typeof(T);

    /// <summary>Reads a value whose wire type is <paramref name="wire"/>.</summary>
    public abstract T Read(ref CandidReader reader, CandidWireType wire);

    /// <summary>Writes a value at <see cref="CandidConverter.CandidType"/>.</summary>
    public abstract void Write(CandidWriter writer, T value);

    internal sealed override object? ReadBoxed(ref CandidReader reader, CandidWireType wire) => Read(ref reader, wire);

    internal sealed override void WriteBoxed(CandidWriter writer, object? value) => Write(writer, (T)value!);
}
