namespace Bridge.Core.Signatures;

/// <summary>
/// Verifies the protocol's signatures (section 1) by its strict rules: Ed25519 per RFC 8032 §5.1.7 with S &lt; L and
/// canonical encodings of A and R; secp256k1 ECDSA over SHA-256(m), 64 bytes r ‖ s, s ≤ n/2. A signature of the
/// wrong length, or a key whose point does not decode, is simply invalid. Implementations are thread-safe.
/// </summary>
public interface ISignatureVerifier
{
    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> under <paramref name="key"/>.</summary>
    bool Verify(BridgePublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
