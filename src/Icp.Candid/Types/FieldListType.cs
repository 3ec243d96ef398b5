namespace Icp.Candid;

/// <summary>What records and variants share: a list of fields, sorted by id, ids unique.</summary>
public abstract class FieldListType : CandidType
{
    private readonly CandidField[] _fields;
    private readonly CandidField[] _declared;

    private protected FieldListType(IEnumerable<CandidField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = fields.ToArray();
        _declared = _fields;
        // Stable sort by id: the wire format and the subtype rules walk fields in id order.
        var order = Enumerable.Range(0, _fields.Length).ToArray();
        Array.Sort(order, (a, b) => _fields[a].Label.Id != _fields[b].Label.Id ? _fields[a].Label.Id.CompareTo(_fields[b].Label.Id) : a.CompareTo(b));
        _fields = order.Select(i => _fields[i]).ToArray();
        for (int i = 1; i < _fields.Length; i++)
        {
            if (_fields[i].Label.Id == _fields[i - 1].Label.Id)
            {
                throw new CandidTypeException(
                    $"{Kind.Keyword()} has two fields with id {_fields[i].Label.Id}: '{_fields[i - 1].Label}' and '{_fields[i].Label}'" +
                    (_fields[i - 1].Label.Name != _fields[i].Label.Name ? " (their names hash to the same id)" : ""));
            }
        }
    }

    /// <summary>The fields, sorted by id.</summary>
    public IReadOnlyList<CandidField> Fields => _fields;

    internal CandidField[] FieldArray => _fields;

    /// <summary>The fields in the order they were given (for a parsed type: the order written in the source).
    /// Code generators use it to lay out properties; the wire format and equality use <see cref="Fields"/>.</summary>
    public IReadOnlyList<CandidField> DeclaredFields => _declared;

    /// <summary>The field with the given id, or null.</summary>
    public CandidField? FindField(uint id)
    {
        int lo = 0, hi = _fields.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            uint m = _fields[mid].Label.Id;
            if (m == id) return _fields[mid];
            if (m < id) lo = mid + 1; else hi = mid - 1;
        }
        return null;
    }

    /// <summary>The field with the given label (compared by id), or null.</summary>
    public CandidField? FindField(CandidLabel label) => FindField(label.Id);

    /// <summary>The index of the field with the given id in <see cref="Fields"/>, or -1.</summary>
    public int IndexOf(uint id)
    {
        int lo = 0, hi = _fields.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            uint m = _fields[mid].Label.Id;
            if (m == id) return mid;
            if (m < id) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>True when the fields are exactly 0, 1, ..., n-1 with no names: a tuple.</summary>
    public bool IsTuple
    {
        get
        {
            for (int i = 0; i < _fields.Length; i++)
                if (_fields[i].Label.Id != (uint)i || _fields[i].Label.IsNamed) return false;
            return true;
        }
    }

    /// <inheritdoc />
    public override bool Equals(CandidType? other) =>
        other is FieldListType f && f.Kind == Kind && _fields.AsSpan().SequenceEqual(f._fields);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Kind);
        foreach (var f in _fields) h.Add(f);
        return h.ToHashCode();
    }
}

/// <summary><c>record { ... }</c>: a value for each field.</summary>
public sealed class RecordType(IEnumerable<CandidField> fields) : FieldListType(fields)
{
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Record;
}

/// <summary><c>variant { ... }</c>: a value of exactly one alternative.</summary>
public sealed class VariantType(IEnumerable<CandidField> alternatives) : FieldListType(alternatives)
{
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Variant;
}
