namespace Icp.Bls12381;

using G2Proj = ProjectivePoint<Fp2, G2Curve>;

/// <summary>
/// A point of the prime-order group G2 of BLS12-381 (on the twist y^2 = x^3 + 4(1 + u) over Fp2). BLS public keys in the
/// IC's scheme are G2 points. Values obtained from this API are always in G2.
/// </summary>
public readonly struct G2Point : IEquatable<G2Point>
{
    /// <summary>Size of the ZCash compressed encoding.</summary>
    public const int CompressedSize = 96;

    internal readonly G2Proj Value;

    internal G2Point(in G2Proj value) => Value = value;

    /// <summary>The standard generator of G2.</summary>
    public static G2Point Generator => new(G2.Generator);

    /// <summary>The identity (point at infinity).</summary>
    public static G2Point Identity => new(G2Proj.Identity);

    /// <summary>True for the identity element.</summary>
    public bool IsIdentity => Value.IsIdentity;

    /// <summary>
    /// Decodes a 96-byte ZCash compressed point, checking the flags, that both halves of x are canonical (&lt; p), that
    /// the point is on the curve and that it lies in G2. Returns false for any invalid input.
    /// </summary>
    public static bool TryFromCompressed(ReadOnlySpan<byte> bytes, out G2Point point)
    {
        bool ok = G2.TryDecompress(bytes, out G2Proj p);
        point = ok ? new G2Point(p) : Identity;
        return ok;
    }

    /// <summary>Decodes a 96-byte ZCash compressed point with full validation.</summary>
    /// <exception cref="FormatException">The bytes are not a valid compressed G2 point.</exception>
    public static G2Point FromCompressed(ReadOnlySpan<byte> bytes) =>
        TryFromCompressed(bytes, out G2Point p) ? p : throw new FormatException("Invalid compressed BLS12-381 G2 point.");

    /// <summary>Encodes as 96 bytes in the ZCash compressed format.</summary>
    public byte[] ToCompressed()
    {
        var output = new byte[CompressedSize];
        G2.Compress(Value, output);
        return output;
    }

    /// <summary>Multiplies by a scalar given as big-endian bytes (at most 32), in constant time with respect to its bits.</summary>
    public G2Point Multiply(ReadOnlySpan<byte> scalarBigEndian) => new(G2Proj.MulConstantTime(Value, Scalar.ToLimbs(scalarBigEndian)));

    /// <summary>Group addition.</summary>
    public static G2Point operator +(G2Point a, G2Point b) => new(G2Proj.Add(a.Value, b.Value));

    /// <summary>Group negation.</summary>
    public static G2Point operator -(G2Point a) => new(G2Proj.Neg(a.Value));

    /// <summary>Equality of group elements (independent of the internal representation).</summary>
    public static bool operator ==(G2Point a, G2Point b) => a.Equals(b);

    /// <summary>Inequality of group elements.</summary>
    public static bool operator !=(G2Point a, G2Point b) => !a.Equals(b);

    /// <inheritdoc />
    public bool Equals(G2Point other) => G2Proj.Equal(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is G2Point p && Equals(p);

    /// <inheritdoc />
    public override int GetHashCode() => Convert.ToHexString(ToCompressed()).GetHashCode(StringComparison.Ordinal);

    /// <summary>The compressed encoding in lower-case hex.</summary>
    public override string ToString() => Convert.ToHexStringLower(ToCompressed());
}
