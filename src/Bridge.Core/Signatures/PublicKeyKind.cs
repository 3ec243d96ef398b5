namespace Bridge.Core.Signatures;

/// <summary>The two key kinds the protocol accepts (section 1, "Keys").</summary>
public enum PublicKeyKind
{
    /// <summary>Neither kind: not a DER SubjectPublicKeyInfo the protocol accepts (a compressed secp256k1 point included).</summary>
    None,
    /// <summary>Ed25519, DER SubjectPublicKeyInfo of 44 bytes.</summary>
    Ed25519,
    /// <summary>secp256k1 with the uncompressed point, DER SubjectPublicKeyInfo of 88 bytes.</summary>
    Secp256k1,
}
