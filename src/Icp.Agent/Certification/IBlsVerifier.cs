namespace Icp.Agent.Certification;

/// <summary>
/// Verifies an IC BLS signature: min-sig BLS12-381 (48-byte compressed G1 signature, 96-byte compressed G2 public
/// key), ciphersuite <c>BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_</c>. Kept behind an interface so certificate
/// logic does not depend on a particular pairing library.
/// </summary>
public interface IBlsVerifier
{
    /// <summary>True when <paramref name="sig"/> is a valid signature of <paramref name="msg"/> under <paramref name="publicKey96"/>; false for any invalid input.</summary>
    /// <param name="sig">The 48-byte compressed G1 signature.</param>
    /// <param name="msg">The signed message (for certificates: <c>\x0Dic-state-root</c> ‖ root hash).</param>
    /// <param name="publicKey96">The raw 96-byte compressed G2 public key (not DER).</param>
    bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96);

    /// <summary>True when every item verifies. An implementation may check them together (one pairing product),
    /// which is cheaper than one check each; the default checks them one by one.</summary>
    /// <param name="items">Signatures (48 bytes), messages and raw 96-byte public keys.</param>
    bool VerifyBatch(IReadOnlyList<(byte[] Signature, byte[] Message, byte[] PublicKey96)> items)
    {
        foreach (var (sig, msg, key) in items)
            if (!Verify(sig, msg, key)) return false;
        return true;
    }
}
