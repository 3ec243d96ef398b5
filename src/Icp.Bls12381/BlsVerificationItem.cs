namespace Icp.Bls12381;

/// <summary>
/// One (signature, message, public key) triple for <see cref="BlsSignature.VerifyBatch(ReadOnlySpan{BlsVerificationItem})"/>. The key is either raw
/// bytes (decoded and validated by the batch check) or a <see cref="BlsPreparedPublicKey"/> whose lines are precomputed.
/// </summary>
public readonly struct BlsVerificationItem
{
    /// <summary>An item whose key is a validated, precomputed <see cref="BlsPreparedPublicKey"/>.</summary>
    /// <param name="signature">48-byte compressed G1 signature.</param>
    /// <param name="message">The signed message.</param>
    /// <param name="publicKey">The signer's key.</param>
    public BlsVerificationItem(ReadOnlyMemory<byte> signature, ReadOnlyMemory<byte> message, BlsPreparedPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        Signature = signature;
        Message = message;
        PreparedKey = publicKey;
        PublicKey = publicKey.Memory;
    }

    /// <summary>An item whose key is a raw 96-byte compressed G2 point.</summary>
    /// <param name="signature">48-byte compressed G1 signature.</param>
    /// <param name="message">The signed message.</param>
    /// <param name="publicKey">96-byte compressed G2 public key.</param>
    public BlsVerificationItem(ReadOnlyMemory<byte> signature, ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> publicKey)
    {
        Signature = signature;
        Message = message;
        PreparedKey = null;
        PublicKey = publicKey;
    }

    /// <summary>The 48-byte compressed G1 signature.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The signed message.</summary>
    public ReadOnlyMemory<byte> Message { get; }

    /// <summary>The 96-byte compressed public key (the encoding of <see cref="PreparedKey"/> when there is one).</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>The precomputed key, or null when the item carries raw key bytes only.</summary>
    public BlsPreparedPublicKey? PreparedKey { get; }
}
