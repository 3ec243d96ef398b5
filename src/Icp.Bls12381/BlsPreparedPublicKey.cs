namespace Icp.Bls12381;

/// <summary>
/// A validated BLS public key with its Miller-loop lines precomputed. Reusing one instance (for example
/// the IC root key or a subnet key) skips decompression, the subgroup check and the G2 half of the pairing.
/// </summary>
public sealed class BlsPreparedPublicKey
{
    internal readonly LineCoeffs[] Lines;

    private readonly byte[] _bytes;

    private BlsPreparedPublicKey(byte[] bytes, LineCoeffs[] lines)
    {
        _bytes = bytes;
        Lines = lines;
    }

    /// <summary>The 96-byte compressed encoding.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    internal ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>
    /// Parses a 96-byte compressed G2 key with full validation; the identity is rejected.
    /// </summary>
    /// <param name="compressed">The raw key bytes.</param>
    /// <param name="key">The key on success.</param>
    public static bool TryParse(ReadOnlySpan<byte> compressed, out BlsPreparedPublicKey? key)
    {
        var lines = new LineCoeffs[Pairing.LineCount];
        if (!G2.TryDecodeKey(compressed, lines, out _))
        {
            key = null;
            return false;
        }
        key = new BlsPreparedPublicKey(compressed.ToArray(), lines);
        return true;
    }

    /// <summary>Parses a 96-byte compressed G2 key with full validation.</summary>
    /// <param name="compressed">The raw key bytes.</param>
    /// <exception cref="FormatException">The bytes are not a valid public key.</exception>
    public static BlsPreparedPublicKey Parse(ReadOnlySpan<byte> compressed) =>
        TryParse(compressed, out BlsPreparedPublicKey? key) ? key! : throw new FormatException("Invalid BLS12-381 public key.");
}
