namespace Icp.Candid;

/// <summary>
/// Walks the fields of a record in a message against a converter's <see cref="CandidShape"/>: fields the
/// shape lacks are skipped (checked), and at the end every required field must have been seen.
/// </summary>
/// <example><code>
/// var fields = CandidRecordReader.Begin(ref reader, wire, Shape);
/// while (fields.Next(ref reader, out int field, out var fieldWire))
///     switch (field) { case 0: amount = NatConverter.Instance.Read(ref reader, fieldWire); break; ... }
/// fields.End(ref reader);
/// </code></example>
public struct CandidRecordReader
{
    private readonly CandidWireType _wire;
    private readonly CandidShape _shape;
    private int _wireIndex;
    private int _shapeIndex;
    private ulong _seenSmall;
    private bool[]? _seenLarge;

    private CandidRecordReader(CandidWireType wire, CandidShape shape)
    {
        _wire = wire;
        _shape = shape;
        if (shape.Labels.Count > 64) _seenLarge = new bool[shape.Labels.Count];
    }

    /// <summary>Starts reading a record; the wire type must be a record.</summary>
    public static CandidRecordReader Begin(ref CandidReader reader, CandidWireType wire, CandidShape shape)
    {
        reader.ExpectKind(wire, CandidKind.Record);
        reader.Enter();
        return new CandidRecordReader(wire, shape);
    }

    /// <summary>Moves to the next field the shape knows, skipping the others.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="field">The declared index of the field in the shape.</param>
    /// <param name="fieldWire">The field's wire type.</param>
    /// <returns>False after the last field.</returns>
    public bool Next(ref CandidReader reader, out int field, out CandidWireType fieldWire)
    {
        var ids = _wire.FieldIds;
        var sorted = _shape.SortedIds;
        while (_wireIndex < ids.Length)
        {
            uint id = ids[_wireIndex];
            var type = _wire.FieldTypes[_wireIndex++];
            while (_shapeIndex < sorted.Length && sorted[_shapeIndex] < id) _shapeIndex++;
            if (_shapeIndex < sorted.Length && sorted[_shapeIndex] == id)
            {
                field = _shape.SortedToDeclared[_shapeIndex++];
                if (_seenLarge is null) _seenSmall |= 1UL << field; else _seenLarge[field] = true;
                fieldWire = type;
                reader.Charge(1);
                return true;
            }
            reader.SkipValue(type);
        }
        field = -1;
        fieldWire = null!;
        return false;
    }

    /// <summary>Ends the record: a required field the message did not have is a mismatch.</summary>
    public readonly void End(ref CandidReader reader)
    {
        for (int i = 0; i < _shape.Labels.Count; i++)
        {
            bool seen = _seenLarge is null ? (_seenSmall & (1UL << i)) != 0 : _seenLarge[i];
            if (!seen && !_shape.Optional[i]) throw reader.Mismatch($"the record has no field '{_shape.Labels[i]}'");
        }
        reader.Leave();
    }
}
