namespace Icp.Bls12381;

using G1Proj = ProjectivePoint<Fp, G1Curve>;

/// <summary>
/// BLS signatures as the Internet Computer uses them (min-sig variant): signatures are compressed G1
/// points (48 bytes), public keys compressed G2 points (96 bytes), messages are hashed to G1 with the
/// ciphersuite BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_.
/// </summary>
public static partial class BlsSignature
{
    /// <summary>Signature size in bytes (compressed G1).</summary>
    public const int SignatureSize = 48;

    /// <summary>Public key size in bytes (compressed G2).</summary>
    public const int PublicKeySize = 96;

    /// <summary>The domain separation tag of the IC's signature scheme.</summary>
    public static ReadOnlySpan<byte> SignatureDst => "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"u8;

    /// <summary>The 37-byte DER prefix (SubjectPublicKeyInfo with the IC's BLS12-381 G2 OIDs) in front of a 96-byte key.</summary>
    public static ReadOnlySpan<byte> DerPublicKeyPrefix =>
    [
        0x30, 0x81, 0x82, 0x30, 0x1d, 0x06, 0x0d, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0xdc, 0x7c, 0x05, 0x03, 0x01, 0x02, 0x01,
        0x06, 0x0c, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0xdc, 0x7c, 0x05, 0x03, 0x02, 0x01, 0x03, 0x61, 0x00,
    ];

    /// <summary>
    /// Verifies a signature: e(sig, g2) = e(H(m), pk), evaluated as the single product
    /// e(-sig, g2)·e(H(m), pk) = 1 with one shared final exponentiation.
    /// Returns false for any malformed input (wrong length, bad flags, non-canonical coordinates,
    /// points off the curve or outside the subgroup, and the identity as signature or key); it does not throw.
    /// </summary>
    /// <param name="signature">48-byte compressed G1 signature.</param>
    /// <param name="message">The signed message.</param>
    /// <param name="publicKey">96-byte compressed G2 public key.</param>
    public static bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        Span<LineCoeffs> lines = stackalloc LineCoeffs[2 * Pairing.LineCount];
        if (!G2.TryDecodeKey(publicKey, lines[Pairing.LineCount..], out _))
        {
            return false;
        }
        return VerifyPrepared(signature, message, lines);
    }

    /// <summary>Verifies against a public key whose decoding, checks and Miller-loop lines were done once.</summary>
    /// <param name="signature">48-byte compressed G1 signature.</param>
    /// <param name="message">The signed message.</param>
    /// <param name="publicKey">A validated public key.</param>
    public static bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, BlsPreparedPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        Span<LineCoeffs> lines = stackalloc LineCoeffs[2 * Pairing.LineCount];
        publicKey.Lines.CopyTo(lines[Pairing.LineCount..]);
        return VerifyPrepared(signature, message, lines);
    }

    /// <summary>
    /// Returns the raw 96-byte key inside a 133-byte DER public key, or false when the prefix or length is wrong.
    /// </summary>
    /// <param name="der">DER-encoded key as found in IC certificates and /api/v2/status.</param>
    /// <param name="rawKey">The raw compressed G2 key on success.</param>
    public static bool TryUnwrapDerPublicKey(ReadOnlySpan<byte> der, out byte[] rawKey)
    {
        if (der.Length != DerPublicKeyPrefix.Length + PublicKeySize || !der.StartsWith(DerPublicKeyPrefix))
        {
            rawKey = [];
            return false;
        }
        rawKey = der[DerPublicKeyPrefix.Length..].ToArray();
        return true;
    }

    /// <summary>lines[0..68) must be free for the generator lines; lines[68..136) hold the key's lines.</summary>
    private static bool VerifyPrepared(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, Span<LineCoeffs> lines)
    {
        if (!G1.TryDecompress(signature, out G1Proj sig) || sig.IsIdentity)
        {
            return false;
        }
        G1Proj h = HashToCurve.HashToG1Internal(message, SignatureDst);
        if (!h.TryToAffine(out Fp hx, out Fp hy))
        {
            return false;
        }
        Pairing.GeneratorLines.CopyTo(lines);
        // Decompressed points have Z = 1, so X and Y are affine already.
        ReadOnlySpan<Fp> px = [sig.X, hx];
        ReadOnlySpan<Fp> py = [Fp.Neg(sig.Y), hy];
        return Pairing.FinalExponentiation(Pairing.MillerLoop(px, py, lines)).IsOne;
    }
}
