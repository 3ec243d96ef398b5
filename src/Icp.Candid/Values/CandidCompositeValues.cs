namespace Icp.Candid;

/// <summary>A <c>text</c> value.</summary>
public sealed class CandidTextValue(string value) : CandidValue
{
    /// <summary>The text.</summary>
    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Text;
    /// <inheritdoc />
    public override bool Equals(CandidValue? other) => other is CandidTextValue t && t.Value == Value;
    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);
}

/// <summary>A <c>principal</c> value.</summary>
public sealed class CandidPrincipalValue(Principal value) : CandidValue
{
    /// <summary>The principal.</summary>
    public Principal Value { get; } = value ?? throw new ArgumentNullException(nameof(value));
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Principal;
    /// <inheritdoc />
    public override bool Equals(CandidValue? other) => other is CandidPrincipalValue p && p.Value == Value;
    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();
}

/// <summary>An <c>opt</c> value: some value, or none.</summary>
public sealed class CandidOptValue(CandidValue? value) : CandidValue
{
    internal static readonly CandidOptValue NoneValue = new(null);
    /// <summary>The value, or null for none.</summary>
    public CandidValue? Value { get; } = value;
    /// <summary>True when there is a value.</summary>
    public bool HasValue => Value is not null;
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Opt;
    /// <inheritdoc />
    public override bool Equals(CandidValue? other) => other is CandidOptValue o && (Value is null ? o.Value is null : Value.Equals(o.Value));
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CandidKind.Opt, Value);
}

/// <summary>A <c>vec</c> value.</summary>
public sealed class CandidVecValue(IReadOnlyList<CandidValue> elements) : CandidValue
{
    /// <summary>The elements.</summary>
    public IReadOnlyList<CandidValue> Elements { get; } = elements ?? throw new ArgumentNullException(nameof(elements));
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Vec;
    /// <inheritdoc />
    public override bool Equals(CandidValue? other)
    {
        switch (other)
        {
            case CandidVecValue v:
                if (v.Elements.Count != Elements.Count) return false;
                for (int i = 0; i < Elements.Count; i++) if (!Elements[i].Equals(v.Elements[i])) return false;
                return true;
            case CandidBlobValue b:
                return b.Equals(this);
            default:
                return false;
        }
    }
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CandidKind.Vec, Elements.Count);
}

/// <summary>A <c>blob</c> value: a <c>vec nat8</c> held as bytes.</summary>
public sealed class CandidBlobValue : CandidValue
{
    private readonly byte[] _bytes;
    internal CandidBlobValue(byte[] bytes) => _bytes = bytes;
    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Vec;
    /// <inheritdoc />
    public override bool Equals(CandidValue? other)
    {
        switch (other)
        {
            case CandidBlobValue b:
                return _bytes.AsSpan().SequenceEqual(b._bytes);
            case CandidVecValue v:
                if (v.Elements.Count != _bytes.Length) return false;
                for (int i = 0; i < _bytes.Length; i++)
                    if (v.Elements[i] is not CandidPrimitiveValue { Kind: CandidKind.Nat8 } p || p.Bits != _bytes[i]) return false;
                return true;
            default:
                return false;
        }
    }
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CandidKind.Vec, _bytes.Length);
}

/// <summary>A field of a record value, or the chosen alternative of a variant value.</summary>
/// <param name="Label">The label.</param>
/// <param name="Value">The value.</param>
public readonly record struct CandidFieldValue(CandidLabel Label, CandidValue Value);

/// <summary>A <c>record</c> value; fields are kept sorted by id.</summary>
public sealed class CandidRecordValue : CandidValue
{
    private readonly CandidFieldValue[] _fields;

    /// <summary>A record of these fields (any order).</summary>
    /// <exception cref="ArgumentException">Two fields have the same id.</exception>
    public CandidRecordValue(IEnumerable<CandidFieldValue> fields)
    {
        _fields = fields.ToArray();
        Array.Sort(_fields, static (a, b) => a.Label.Id.CompareTo(b.Label.Id));
        for (int i = 1; i < _fields.Length; i++)
            if (_fields[i].Label.Id == _fields[i - 1].Label.Id)
                throw new ArgumentException($"record value has two fields with id {_fields[i].Label.Id} ('{_fields[i - 1].Label}', '{_fields[i].Label}')", nameof(fields));
    }

    internal CandidRecordValue(CandidFieldValue[] sortedFields, bool _) => _fields = sortedFields;

    /// <summary>The fields, sorted by id.</summary>
    public IReadOnlyList<CandidFieldValue> Fields => _fields;

    /// <summary>The value of the field with this label (by id), or null.</summary>
    public CandidValue? this[CandidLabel label]
    {
        get
        {
            foreach (var f in _fields) if (f.Label.Id == label.Id) return f.Value;
            return null;
        }
    }

    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Record;
    /// <inheritdoc />
    public override bool Equals(CandidValue? other)
    {
        if (other is not CandidRecordValue r || r._fields.Length != _fields.Length) return false;
        for (int i = 0; i < _fields.Length; i++)
            if (_fields[i].Label.Id != r._fields[i].Label.Id || !_fields[i].Value.Equals(r._fields[i].Value)) return false;
        return true;
    }
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CandidKind.Record, _fields.Length);
}

/// <summary>A <c>variant</c> value: one alternative and its value.</summary>
public sealed class CandidVariantValue(CandidLabel label, CandidValue value) : CandidValue
{
    /// <summary>The chosen alternative.</summary>
    public CandidLabel Label { get; } = label;
    /// <summary>Its value (<see cref="CandidValue.Null"/> for an alternative of type null).</summary>
    public CandidValue Value { get; } = value ?? throw new ArgumentNullException(nameof(value));
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Variant;
    /// <inheritdoc />
    public override bool Equals(CandidValue? other) => other is CandidVariantValue v && v.Label.Id == Label.Id && v.Value.Equals(Value);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CandidKind.Variant, Label.Id, Value);
}

/// <summary>A <c>func</c> reference value: a method of a canister.</summary>
public sealed class CandidFuncValue(Principal service, string method) : CandidValue
{
    /// <summary>The canister.</summary>
    public Principal Canister { get; } = service ?? throw new ArgumentNullException(nameof(service));
    /// <summary>The method name.</summary>
    public string Method { get; } = method ?? throw new ArgumentNullException(nameof(method));
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Func;
    /// <inheritdoc />
    public override bool Equals(CandidValue? other) => other is CandidFuncValue f && f.Canister == Canister && f.Method == Method;
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Canister, Method);
}

/// <summary>A <c>service</c> reference value: a canister.</summary>
public sealed class CandidServiceValue(Principal service) : CandidValue
{
    /// <summary>The canister.</summary>
    public Principal Canister { get; } = service ?? throw new ArgumentNullException(nameof(service));
    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Service;
    /// <inheritdoc />
    public override bool Equals(CandidValue? other) => other is CandidServiceValue s && s.Canister == Canister;
    /// <inheritdoc />
    public override int GetHashCode() => Canister.GetHashCode();
}
