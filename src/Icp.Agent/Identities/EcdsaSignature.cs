using Org.BouncyCastle.Math;

namespace Icp.Agent.Identities;

/// <summary>Helpers for ECDSA signatures in the IC's form: 64 bytes r ‖ s, s in the lower half of the group order.</summary>
internal static class EcdsaSignature
{
    /// <summary>r ‖ s as two 32-byte big-endian numbers, with s replaced by n − s when it is in the upper half.</summary>
    public static byte[] ToLowSCompact(BigInteger r, BigInteger s, BigInteger n)
    {
        // High-S and low-S signatures are both valid ECDSA, but verifiers that reject malleable signatures
        // (as the IC's secp256k1 verification does) accept only the low form; normalising costs nothing.
        if (s.CompareTo(n.ShiftRight(1)) > 0) s = n.Subtract(s);
        var result = new byte[64];
        r.ToByteArrayUnsigned().CopyTo(result.AsSpan(32 - r.ToByteArrayUnsigned().Length));
        s.ToByteArrayUnsigned().CopyTo(result.AsSpan(64 - s.ToByteArrayUnsigned().Length));
        return result;
    }
}
