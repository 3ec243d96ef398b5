namespace Icp.Agent.Identities;

/// <summary>The DER SubjectPublicKeyInfo prefixes of the key types the IC accepts for request signatures.</summary>
internal static class KeyDer
{
    // SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (32 bytes) } — RFC 8410.
    public static readonly byte[] Ed25519Prefix = Convert.FromHexString("302a300506032b6570032100");

    // SEQUENCE { SEQUENCE { OID id-ecPublicKey, OID secp256k1 (1.3.132.0.10) } BIT STRING (04 ‖ x ‖ y) }.
    public static readonly byte[] Secp256k1Prefix = Convert.FromHexString("3056301006072a8648ce3d020106052b8104000a034200");

    // SEQUENCE { SEQUENCE { OID id-ecPublicKey, OID prime256v1 (1.2.840.10045.3.1.7) } BIT STRING (04 ‖ x ‖ y) }.
    public static readonly byte[] P256Prefix = Convert.FromHexString("3059301306072a8648ce3d020106082a8648ce3d030107034200");

    public static byte[] Wrap(byte[] prefix, ReadOnlySpan<byte> key) => [.. prefix, .. key];

    public static bool TryUnwrap(ReadOnlySpan<byte> der, byte[] prefix, int keyLength, out ReadOnlySpan<byte> key)
    {
        key = default;
        if (der.Length != prefix.Length + keyLength || !der.StartsWith(prefix)) return false;
        key = der[prefix.Length..];
        return true;
    }
}
