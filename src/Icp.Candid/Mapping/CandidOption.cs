namespace Icp.Candid;

/// <summary>
/// An explicit Candid option: some value, or none. Use it where <c>T?</c> cannot say enough, as in
/// <c>opt opt T</c> (<c>CandidOption&lt;T?&gt;</c>) or an <c>opt</c> of a value that may itself be null.
/// </summary>
public readonly struct CandidOption<T> : IEquatable<CandidOption<T>>
{
    private readonly T _value;

    /// <summary>Some value.</summary>
    public CandidOption(T value)
    {
        _value = value;
        HasValue = true;
    }

    /// <summary>True for some value.</summary>
    public bool HasValue { get; }

    /// <summary>The value.</summary>
    /// <exception cref="InvalidOperationException">None.</exception>
    public T Value => HasValue ? _value : throw new InvalidOperationException("the option has no value");

    /// <summary>The value, or <paramref name="fallback"/> for none.</summary>
    public T GetValueOrDefault(T fallback) => HasValue ? _value : fallback;

    /// <summary>None.</summary>
    public static CandidOption<T> None => default;

    /// <summary>A value is some value.</summary>
    public static implicit operator CandidOption<T>(T value) => new(value);

    /// <inheritdoc />
    public bool Equals(CandidOption<T> other) => HasValue == other.HasValue && (!HasValue || EqualityComparer<T>.Default.Equals(_value, other._value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CandidOption<T> o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode() => HasValue ? HashCode.Combine(true, _value) : 0;

    /// <summary>Equal.</summary>
    public static bool operator ==(CandidOption<T> a, CandidOption<T> b) => a.Equals(b);

    /// <summary>Not equal.</summary>
    public static bool operator !=(CandidOption<T> a, CandidOption<T> b) => !a.Equals(b);

    /// <summary><c>opt value</c> or <c>null</c>.</summary>
    public override string ToString() => HasValue ? $"opt {_value}" : "null";
}

/// <summary><c>opt T</c> ↔ <see cref="CandidOption{T}"/>.</summary>
public sealed class CandidOptionConverter<T>(CandidConverter<T> inner) : CandidConverter<CandidOption<T>>
{
    private OptType? _type;
    /// <inheritdoc />
    public override CandidType CandidType => _type ??= new OptType(inner.CandidType);
    /// <inheritdoc />
    public override CandidOption<T> Read(ref CandidReader reader, CandidWireType wire) =>
        reader.TryReadOptional(wire, inner, out var v) ? new CandidOption<T>(v) : default;
    /// <inheritdoc />
    public override void Write(CandidWriter writer, CandidOption<T> value)
    {
        if (!value.HasValue) { writer.WriteByte(0); return; }
        writer.WriteByte(1);
        inner.Write(writer, value.Value);
    }
}
