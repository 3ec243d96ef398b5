namespace Icp.Bls12381;

using G1Proj = ProjectivePoint<Fp, G1Curve>;

/// <summary>
/// A point of the prime-order group G1 of BLS12-381 (on y^2 = x^3 + 4 over Fp). BLS signatures in the
/// IC's scheme are G1 points. Values obtained from this API are always in G1.
/// </summary>
public readonly struct G1Point : IEquatable<G1Point>
{
    /// <summary>Size of the ZCash compressed encoding.</summary>
    public const int CompressedSize = 48;

    internal readonly G1Proj Value;

    internal G1Point(in G1Proj value) => Value = value;

    /// <summary>The standard generator of G1.</summary>
    public static G1Point Generator => new(G1.Generator);

    /// <summary>The identity (point at infinity).</summary>
    public static G1Point Identity => new(G1Proj.Identity);

    /// <summary>True for the identity element.</summary>
    public bool IsIdentity => Value.IsIdentity;

    /// <summary>
    /// Decodes a 48-byte ZCash compressed point, checking the flags, that x is canonical (&lt; p), that
    /// the point is on the curve and that it lies in G1. Returns false for any invalid input.
    /// </summary>
    public static bool TryFromCompressed(ReadOnlySpan<byte> bytes, out G1Point point)
    {
        bool ok = G1.TryDecompress(bytes, out G1Proj p);
        point = ok ? new G1Point(p) : Identity;
        return ok;
    }

    /// <summary>Decodes a 48-byte ZCash compressed point with full validation.</summary>
    /// <exception cref="FormatException">The bytes are not a valid compressed G1 point.</exception>
    public static G1Point FromCompressed(ReadOnlySpan<byte> bytes) =>
        TryFromCompressed(bytes, out G1Point p) ? p : throw new FormatException("Invalid compressed BLS12-381 G1 point.");

    /// <summary>Encodes as 48 bytes in the ZCash compressed format.</summary>
    public byte[] ToCompressed()
    {
        var output = new byte[CompressedSize];
        G1.Compress(Value, output);
        return output;
    }

    /// <summary>Multiplies by a scalar given as big-endian bytes (at most 32), in constant time with respect to its bits.</summary>
    public G1Point Multiply(ReadOnlySpan<byte> scalarBigEndian) => new(G1Proj.MulConstantTime(Value, Scalar.ToLimbs(scalarBigEndian)));

    /// <summary>Group addition.</summary>
    public static G1Point operator +(G1Point a, G1Point b) => new(G1Proj.Add(a.Value, b.Value));

    /// <summary>Group negation.</summary>
    public static G1Point operator -(G1Point a) => new(G1Proj.Neg(a.Value));

    /// <summary>Equality of group elements (independent of the internal representation).</summary>
    public static bool operator ==(G1Point a, G1Point b) => a.Equals(b);

    /// <summary>Inequality of group elements.</summary>
    public static bool operator !=(G1Point a, G1Point b) => !a.Equals(b);

    /// <inheritdoc />
    public bool Equals(G1Point other) => G1Proj.Equal(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is G1Point p && Equals(p);

    /// <inheritdoc />
    public override int GetHashCode() => Convert.ToHexString(ToCompressed()).GetHashCode(StringComparison.Ordinal);

    /// <summary>The compressed encoding in lower-case hex.</summary>
    public override string ToString() => Convert.ToHexStringLower(ToCompressed());
}
