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
}
