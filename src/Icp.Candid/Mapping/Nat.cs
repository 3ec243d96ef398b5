using System.Globalization;
using System.Numerics;

namespace Icp.Candid;

/// <summary>
/// A Candid <c>nat</c>: an unbounded natural number. It maps to <c>nat</c> where a <see cref="BigInteger"/>
/// maps to <c>int</c>, so the C# type alone says which Candid type is meant.
/// </summary>
public readonly struct Nat : IEquatable<Nat>, IComparable<Nat>, ISpanFormattable
{
    // Values below 2^64 (amounts, timestamps: nearly all) live in _small and never allocate;
    // larger ones in _big, which is then non-zero.
    private readonly ulong _small;
    private readonly BigInteger _big;

    /// <summary>A nat from a non-negative big integer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public Nat(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "a nat cannot be negative");
        if (value <= ulong.MaxValue) _small = (ulong)value;
        else _big = value;
    }

    /// <summary>A nat from an unsigned number (no allocation).</summary>
    public Nat(ulong value) => _small = value;

    /// <summary>The value.</summary>
    public BigInteger Value => _big.IsZero ? _small : _big;

    /// <summary>True when the value fits in 64 bits.</summary>
    public bool IsUInt64 => _big.IsZero;

    /// <summary>The value as a 64-bit number, when it fits.</summary>
    public bool TryGetUInt64(out ulong value)
    {
        value = _small;
        return _big.IsZero;
    }

    /// <summary>Zero.</summary>
    public static Nat Zero => default;

    /// <summary>From an unsigned number.</summary>
    public static implicit operator Nat(ulong value) => new Nat(value);

    /// <summary>From a non-negative number.</summary>
    public static implicit operator Nat(int value) => value >= 0 ? new Nat((ulong)value) : throw new ArgumentOutOfRangeException(nameof(value), value, "a nat cannot be negative");

    /// <summary>From a non-negative number.</summary>
    public static implicit operator Nat(long value) => value >= 0 ? new Nat((ulong)value) : throw new ArgumentOutOfRangeException(nameof(value), value, "a nat cannot be negative");

    /// <summary>From a big integer; throws when negative.</summary>
    public static explicit operator Nat(BigInteger value) => new(value);

    /// <summary>To a big integer.</summary>
    public static implicit operator BigInteger(Nat value) => value.Value;

    /// <summary>To an unsigned 64-bit number; throws when it does not fit.</summary>
    public static explicit operator ulong(Nat value) => value._big.IsZero ? value._small : throw new OverflowException($"{value} does not fit in 64 bits");

    /// <summary>Sum.</summary>
    public static Nat operator +(Nat a, Nat b) => new(a.Value + b.Value);

    /// <summary>Difference; throws when it would be negative.</summary>
    public static Nat operator -(Nat a, Nat b) => new(a.Value - b.Value);

    /// <summary>Product.</summary>
    public static Nat operator *(Nat a, Nat b) => new(a.Value * b.Value);

    /// <summary>Quotient, rounded down.</summary>
    public static Nat operator /(Nat a, Nat b) => new(a.Value / b.Value);

    /// <summary>Remainder.</summary>
    public static Nat operator %(Nat a, Nat b) => new(a.Value % b.Value);

    /// <summary>Less than.</summary>
    public static bool operator <(Nat a, Nat b) => a.CompareTo(b) < 0;

    /// <summary>Greater than.</summary>
    public static bool operator >(Nat a, Nat b) => a.CompareTo(b) > 0;

    /// <summary>At most.</summary>
    public static bool operator <=(Nat a, Nat b) => a.CompareTo(b) <= 0;

    /// <summary>At least.</summary>
    public static bool operator >=(Nat a, Nat b) => a.CompareTo(b) >= 0;

    /// <summary>Equal.</summary>
    public static bool operator ==(Nat a, Nat b) => a.Equals(b);

    /// <summary>Not equal.</summary>
    public static bool operator !=(Nat a, Nat b) => !a.Equals(b);

    /// <summary>Parses decimal digits (underscores allowed, as in Candid text).</summary>
    public static Nat Parse(string text) => new(BigInteger.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public bool Equals(Nat other) => _small == other._small && _big == other._big;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Nat n && Equals(n);

    /// <inheritdoc />
    public override int GetHashCode() => _big.IsZero ? _small.GetHashCode() : _big.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Nat other) => _big.IsZero && other._big.IsZero ? _small.CompareTo(other._small) : Value.CompareTo(other.Value);

    /// <summary>Decimal digits.</summary>
    public override string ToString() => _big.IsZero ? _small.ToString(CultureInfo.InvariantCulture) : _big.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format, formatProvider);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        _big.IsZero ? _small.TryFormat(destination, out charsWritten, format, provider) : _big.TryFormat(destination, out charsWritten, format, provider);
}
