namespace Icp.Bls12381;

using G2Proj = ProjectivePoint<Fp2, G2Curve>;

/// <summary>
/// A validated BLS public key with its Miller-loop lines precomputed. Reusing one instance (for example
/// the IC root key or a subnet key) skips decompression, the subgroup check and the G2 half of the pairing.
/// </summary>
public sealed class BlsPublicKey
{
    internal readonly LineCoeffs[] Lines;

    private readonly byte[] _bytes;

    private BlsPublicKey(byte[] bytes, in G2Proj point)
    {
        _bytes = bytes;
        Lines = new LineCoeffs[Pairing.LineCount];
        Pairing.Prepare(point.X, point.Y, Lines);
    }

    /// <summary>The 96-byte compressed encoding.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    internal ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>
    /// Parses a 96-byte compressed G2 key with full validation; the identity is rejected.
    /// </summary>
    /// <param name="compressed">The raw key bytes.</param>
    /// <param name="key">The key on success.</param>
    public static bool TryParse(ReadOnlySpan<byte> compressed, out BlsPublicKey? key)
    {
        if (!G2.TryDecompress(compressed, out G2Proj p) || p.IsIdentity)
        {
            key = null;
            return false;
        }
        key = new BlsPublicKey(compressed.ToArray(), p);
        return true;
    }

    /// <summary>Parses a 96-byte compressed G2 key with full validation.</summary>
    /// <param name="compressed">The raw key bytes.</param>
    /// <exception cref="FormatException">The bytes are not a valid public key.</exception>
    public static BlsPublicKey Parse(ReadOnlySpan<byte> compressed) =>
        TryParse(compressed, out BlsPublicKey? key) ? key! : throw new FormatException("Invalid BLS12-381 public key.");
}
