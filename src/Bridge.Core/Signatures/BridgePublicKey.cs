using Icp.Candid;

namespace Bridge.Core.Signatures;

/// <summary>A DER public key of one of the protocol's two kinds, with its raw key and self-authenticating principal.</summary>
public sealed class BridgePublicKey
{
    private static readonly byte[] Ed25519Prefix = Convert.FromHexString("302a300506032b6570032100");
    private static readonly byte[] Secp256k1Prefix = Convert.FromHexString("3056301006072a8648ce3d020106052b8104000a034200");

    private readonly byte[] _der;
    private Principal? _principal;

    private BridgePublicKey(PublicKeyKind kind, byte[] der, int prefixLength)
    {
        Kind = kind;
        _der = der;
        RawKeyOffset = prefixLength;
    }

    /// <summary>The key's kind.</summary>
    public PublicKeyKind Kind { get; }

    /// <summary>The DER SubjectPublicKeyInfo (44 or 88 bytes).</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>The raw key: 32 bytes (Ed25519) or the 65-byte uncompressed point 04 ‖ x ‖ y (secp256k1).</summary>
    public ReadOnlySpan<byte> RawKey => _der.AsSpan(RawKeyOffset);

    private int RawKeyOffset { get; }

    /// <summary>The key's self-authenticating principal, SHA-224(DER) ‖ 0x02.</summary>
    public Principal Principal => _principal ??= Principal.SelfAuthenticating(_der);

    /// <summary>The kind of <paramref name="der"/>; <see cref="PublicKeyKind.None"/> when it is neither.</summary>
    public static PublicKeyKind KindOf(ReadOnlySpan<byte> der)
    {
        if (der.Length == 44 && der.StartsWith(Ed25519Prefix)) return PublicKeyKind.Ed25519;
        // The uncompressed point's 0x04 tag is part of the form: a compressed or hybrid point is neither kind.
        if (der.Length == 88 && der.StartsWith(Secp256k1Prefix) && der[Secp256k1Prefix.Length] == 0x04) return PublicKeyKind.Secp256k1;
        return PublicKeyKind.None;
    }

    /// <summary>The key in <paramref name="der"/> when it is of one of the two kinds (whether its point decodes is
    /// left to verification).</summary>
    public static bool TryFromDer(ReadOnlySpan<byte> der, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BridgePublicKey? key)
    {
        key = KindOf(der) switch
        {
            PublicKeyKind.Ed25519 => new BridgePublicKey(PublicKeyKind.Ed25519, der.ToArray(), Ed25519Prefix.Length),
            PublicKeyKind.Secp256k1 => new BridgePublicKey(PublicKeyKind.Secp256k1, der.ToArray(), Secp256k1Prefix.Length),
            _ => null,
        };
        return key is not null;
    }

    /// <summary>The key in <paramref name="der"/>.</summary>
    /// <exception cref="ArgumentException">Neither kind.</exception>
    public static BridgePublicKey FromDer(ReadOnlySpan<byte> der) =>
        TryFromDer(der, out var key) ? key : throw new ArgumentException("not a DER Ed25519 key (44 bytes) or uncompressed secp256k1 key (88 bytes)", nameof(der));
}
