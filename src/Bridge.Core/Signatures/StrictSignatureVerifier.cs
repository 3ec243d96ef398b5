namespace Bridge.Core.Signatures;

/// <summary>
/// The strict rules every implementation shares, applied before the cryptography: lengths, S &lt; L, canonical
/// Ed25519 point encodings of A and R, neither of small order, low-S ECDSA. A library then checks the group equation
/// ([S]B = R + [k]A, cofactorless, comparing R's encoding) or the ECDSA equation.
/// </summary>
public abstract class StrictSignatureVerifier : ISignatureVerifier
{
    /// <inheritdoc />
    public bool Verify(BridgePublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (signature.Length != 64) return false;
        switch (key.Kind)
        {
            case PublicKeyKind.Ed25519:
                if (!Ed25519Encoding.IsCanonicalPoint(key.RawKey) || !Ed25519Encoding.IsCanonicalPoint(signature[..32]) || !Ed25519Encoding.IsCanonicalScalar(signature[32..]))
                    return false;
                // libsodium refuses small-order A and R by itself and BouncyCastle does not: checked here, both answer alike.
                if (Ed25519Encoding.IsSmallOrder(key.RawKey) || Ed25519Encoding.IsSmallOrder(signature[..32])) return false;
                return VerifyEd25519(key.RawKey, message, signature);
            case PublicKeyKind.Secp256k1:
                if (!Secp256k1Encoding.IsLowSInRange(signature)) return false;
                return VerifySecp256k1(key.RawKey, message, signature);
            default:
                return false;
        }
    }

    /// <summary>The Ed25519 equation for a 32-byte key and 64-byte signature already checked for canonical encodings.</summary>
    protected abstract bool VerifyEd25519(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    /// <summary>ECDSA over SHA-256(<paramref name="message"/>) for a 65-byte uncompressed point and r ‖ s with 0 &lt; r &lt; n,
    /// 0 &lt; s ≤ n/2; false when the point is not on the curve.</summary>
    protected abstract bool VerifySecp256k1(ReadOnlySpan<byte> uncompressedPoint, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
