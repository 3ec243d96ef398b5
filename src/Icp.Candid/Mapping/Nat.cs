using System.Globalization;
using System.Numerics;

namespace Icp.Candid;

/// <summary>
/// A Candid <c>nat</c>: an unbounded natural number. It maps to <c>nat</c> where a <see cref="BigInteger"/>
/// maps to <c>int</c>, so the C# type alone says which Candid type is meant.
/// </summary>
public readonly struct Nat : IEquatable<Nat>, IComparable<Nat>, ISpanFormattable
{
    private readonly BigInteger _value;

    /// <summary>A nat from a non-negative big integer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public Nat(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "a nat cannot be negative");
        _value = value;
    }

    /// <summary>The value.</summary>
    public BigInteger Value => _value;

    /// <summary>Zero.</summary>
    public static Nat Zero => default;

    /// <summary>From an unsigned number.</summary>
    public static implicit operator Nat(ulong value) => new(value);

    /// <summary>From a non-negative number.</summary>
    public static implicit operator Nat(int value) => new(value);

    /// <summary>From a non-negative number.</summary>
    public static implicit operator Nat(long value) => new(value);

    /// <summary>From a big integer; throws when negative.</summary>
    public static explicit operator Nat(BigInteger value) => new(value);

    /// <summary>To a big integer.</summary>
    public static implicit operator BigInteger(Nat value) => value._value;

    /// <summary>To an unsigned 64-bit number; throws when it does not fit.</summary>
    public static explicit operator ulong(Nat value) => (ulong)value._value;

    /// <summary>Sum.</summary>
    public static Nat operator +(Nat a, Nat b) => new(a._value + b._value);

    /// <summary>Difference; throws when it would be negative.</summary>
    public static Nat operator -(Nat a, Nat b) => new(a._value - b._value);

    /// <summary>Product.</summary>
    public static Nat operator *(Nat a, Nat b) => new(a._value * b._value);

    /// <summary>Quotient, rounded down.</summary>
    public static Nat operator /(Nat a, Nat b) => new(a._value / b._value);

    /// <summary>Remainder.</summary>
    public static Nat operator %(Nat a, Nat b) => new(a._value % b._value);

    /// <summary>Less than.</summary>
    public static bool operator <(Nat a, Nat b) => a._value < b._value;

    /// <summary>Greater than.</summary>
    public static bool operator >(Nat a, Nat b) => a._value > b._value;

    /// <summary>At most.</summary>
    public static bool operator <=(Nat a, Nat b) => a._value <= b._value;

    /// <summary>At least.</summary>
    public static bool operator >=(Nat a, Nat b) => a._value >= b._value;

    /// <summary>Equal.</summary>
    public static bool operator ==(Nat a, Nat b) => a._value == b._value;

    /// <summary>Not equal.</summary>
    public static bool operator !=(Nat a, Nat b) => a._value != b._value;

    /// <summary>Parses decimal digits (underscores allowed, as in Candid text).</summary>
    public static Nat Parse(string text) => new(BigInteger.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public bool Equals(Nat other) => _value == other._value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Nat n && Equals(n);

    /// <inheritdoc />
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Nat other) => _value.CompareTo(other._value);

    /// <summary>Decimal digits.</summary>
    public override string ToString() => _value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => _value.ToString(format, formatProvider);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        _value.TryFormat(destination, out charsWritten, format, provider);
}
