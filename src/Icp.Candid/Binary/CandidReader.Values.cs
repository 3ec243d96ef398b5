namespace Icp.Candid;

public ref partial struct CandidReader
{
    /// <summary>Skips a value of the wire type, checking that it is well formed.</summary>
    public void SkipValue(CandidWireType wire) => CandidValueReader.Skip(ref this, wire);

    /// <summary>Reads a value as a <see cref="CandidValue"/>, at <paramref name="expected"/> or (null) as the message states it.</summary>
    public CandidValue ReadValue(CandidWireType wire, CandidType? expected = null) => CandidValueReader.Read(ref this, wire, expected);

    /// <summary>Reads the length of a vector whose wire type is <paramref name="wire"/> (a mismatch unless it is a vec),
    /// charging the budget for elements that take no bytes.</summary>
    public int ReadVectorLength(CandidWireType wire)
    {
        ExpectKind(wire, CandidKind.Vec);
        var inner = wire.Inner!;
        int n = ReadLength(inner.IsZeroSized ? 0 : 1);
        if (inner.IsZeroSized && n > 0)
        {
            if (inner.ZeroSizedCost < 0) throw Error($"vector elements of type {inner} have no finite value");
            Charge(inner.ZeroSizedCost > long.MaxValue / n ? long.MaxValue : inner.ZeroSizedCost * n);
        }
        return n;
    }

    /// <summary>Throws a mismatch unless the wire type has the kind a converter reads.</summary>
    public readonly void ExpectKind(CandidWireType wire, CandidKind kind)
    {
        if (wire.Kind != kind) ThrowKind(wire, kind);
    }

    private readonly void ThrowKind(CandidWireType wire, CandidKind kind)
    {
        if (wire.Kind == CandidKind.Empty) throw Error("a value of type empty cannot occur");
        throw Mismatch($"expected {kind.Keyword()} but the message has {wire}");
    }

    /// <summary>
    /// Reads a value at an <c>opt</c> type with the specification's rules: <c>null</c>, <c>reserved</c> and an
    /// absent option give false; a present option or a plain value is read with <paramref name="inner"/>, and
    /// when it does not fit, the value is skipped and the result is false (not an error).
    /// </summary>
    public bool TryReadOptional<T>(CandidWireType wire, CandidConverter<T> inner, out T value)
    {
        value = default!;
        switch (wire.Kind)
        {
            case CandidKind.Null:
            case CandidKind.Reserved:
                return false;
            case CandidKind.Opt:
            {
                byte flag = ReadByte();
                if (flag == 0) return false;
                if (flag != 1) { Seek(Position - 1); throw Error($"an opt flag is 0 or 1, not {flag}"); }
                return TryReadSome(wire.Inner!, inner, out value);
            }
            case CandidKind.Empty:
                throw Error("a value of type empty cannot occur");
            default:
                return TryReadSome(wire, inner, out value);
        }
    }

    private bool TryReadSome<T>(CandidWireType wire, CandidConverter<T> inner, out T value)
    {
        int start = _position;
        int depth = _depth;
        try
        {
            Enter();
            value = inner.Read(ref this, wire);
            Leave();
            return true;
        }
        catch (CandidTypeMismatchException)
        {
            _position = start;
            _depth = depth;
            SkipValue(wire);
            value = default!;
            return false;
        }
    }

    /// <summary>Reads the alternative index of a variant and maps it to the expected shape.</summary>
    /// <returns>The index of the alternative in <paramref name="shape"/>'s declared order.</returns>
    /// <exception cref="CandidTypeMismatchException">The expected variant lacks the alternative.</exception>
    public int ReadVariant(CandidWireType wire, CandidShape shape, out CandidWireType alternativeWire)
    {
        ExpectKind(wire, CandidKind.Variant);
        int at = _position;
        ulong index = ReadUnsignedLeb128();
        if (index >= (ulong)wire.FieldIds.Length) { _position = at; throw Error($"variant index {index} is out of range (the type has {wire.FieldIds.Length} alternatives)"); }
        alternativeWire = wire.FieldTypes[index];
        int declared = shape.IndexOfId(wire.FieldIds[index]);
        if (declared < 0) { _position = at; throw Mismatch($"the expected variant has no alternative with id {wire.FieldIds[index]}"); }
        Charge(1);
        return declared;
    }
}
