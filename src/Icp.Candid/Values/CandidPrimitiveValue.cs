using System.Numerics;

namespace Icp.Candid;

/// <summary>A value of a primitive type other than text and principal: null, reserved, bool, numbers.</summary>
public sealed class CandidPrimitiveValue : CandidValue
{
    internal static readonly CandidPrimitiveValue NullValue = new(CandidKind.Null, 0, default);
    internal static readonly CandidPrimitiveValue ReservedValue = new(CandidKind.Reserved, 0, default);
    internal static readonly CandidPrimitiveValue True = new(CandidKind.Bool, 1, default);
    internal static readonly CandidPrimitiveValue False = new(CandidKind.Bool, 0, default);

    // Fixed-size numbers, bools and floats keep their bits here; nat and int keep a BigInteger.
    private readonly ulong _bits;
    private readonly BigInteger _big;

    private CandidPrimitiveValue(CandidKind kind, ulong bits, BigInteger big)
    {
        Kind = kind;
        _bits = bits;
        _big = big;
    }

    internal static CandidPrimitiveValue FromBits(CandidKind kind, ulong bits) => new(kind, bits, default);

    internal static CandidPrimitiveValue FromBig(CandidKind kind, BigInteger value)
    {
        if (kind == CandidKind.Nat && value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "a nat cannot be negative");
        return new(kind, 0, value);
    }

    /// <inheritdoc />
    public override CandidKind Kind { get; }

    /// <summary>The bool.</summary>
    public bool AsBool() => Kind == CandidKind.Bool ? _bits != 0 : throw WrongKind("bool");

    /// <summary>Any integer kind as a <see cref="BigInteger"/>.</summary>
    public BigInteger AsBigInteger() => Kind switch
    {
        CandidKind.Nat or CandidKind.Int => _big,
        CandidKind.Nat8 or CandidKind.Nat16 or CandidKind.Nat32 or CandidKind.Nat64 => _bits,
        CandidKind.Int8 or CandidKind.Int16 or CandidKind.Int32 or CandidKind.Int64 => unchecked((long)_bits),
        _ => throw WrongKind("integer"),
    };

    /// <summary>The raw bits of a fixed-size number (two's complement for signed ones, IEEE 754 for floats).</summary>
    public ulong Bits => _bits;

    /// <summary>A float32 or float64 as a double.</summary>
    public double AsDouble() => Kind switch
    {
        CandidKind.Float32 => BitConverter.UInt32BitsToSingle((uint)_bits),
        CandidKind.Float64 => BitConverter.UInt64BitsToDouble(_bits),
        _ => throw WrongKind("float"),
    };

    private InvalidOperationException WrongKind(string wanted) => new($"the value is a {Kind.Keyword()}, not a {wanted}");

    /// <inheritdoc />
    public override bool Equals(CandidValue? other)
    {
        if (other is not CandidPrimitiveValue p || p.Kind != Kind) return false;
        return Kind switch
        {
            CandidKind.Nat or CandidKind.Int => _big == p._big,
            // NaN equals NaN and 0.0 equals -0.0, as double.Equals has it.
            CandidKind.Float32 => BitConverter.UInt32BitsToSingle((uint)_bits).Equals(BitConverter.UInt32BitsToSingle((uint)p._bits)),
            CandidKind.Float64 => BitConverter.UInt64BitsToDouble(_bits).Equals(BitConverter.UInt64BitsToDouble(p._bits)),
            _ => _bits == p._bits,
        };
    }

    /// <inheritdoc />
    public override int GetHashCode() => Kind switch
    {
        CandidKind.Nat or CandidKind.Int => HashCode.Combine(Kind, _big),
        CandidKind.Float32 or CandidKind.Float64 => HashCode.Combine(Kind, AsDouble()),
        _ => HashCode.Combine(Kind, _bits),
    };
}
