using System.Security.Cryptography;
using NSec.Cryptography;

namespace Bridge.Core.Signatures;

/// <summary>
/// The strict rules over native code: libsodium's Ed25519 (through NSec.Cryptography) and the platform's ECDSA
/// (OpenSSL on Linux) for secp256k1. libsodium is strict by itself (S &lt; L, A canonical, R compared by its canonical
/// re-encoding) and also refuses small-order A and R, which no honest key or nonce is; the checks of
/// <see cref="StrictSignatureVerifier"/> keep the rule independent of the library's version. The default
/// (<see cref="SignatureVerifiers.Default"/>): Ed25519 about 1.5× BouncyCastle's rate in processor time, secp256k1 on par.
/// </summary>
public sealed class NativeSignatureVerifier : StrictSignatureVerifier
{
    private static readonly ECCurve Secp256k1 = ECCurve.CreateFromValue("1.3.132.0.10");

    /// <summary>One shared instance (stateless).</summary>
    public static NativeSignatureVerifier Instance { get; } = new();

    /// <inheritdoc />
    protected override bool VerifyEd25519(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null) return false;
        return SignatureAlgorithm.Ed25519.Verify(key, message, signature);
    }

    /// <inheritdoc />
    protected override bool VerifySecp256k1(ReadOnlySpan<byte> uncompressedPoint, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var parameters = new ECParameters
        {
            Curve = Secp256k1,
            Q = new ECPoint { X = uncompressedPoint[1..33].ToArray(), Y = uncompressedPoint[33..65].ToArray() },
        };
        using var ecdsa = ECDsa.Create();
        try { ecdsa.ImportParameters(parameters); }
        catch (CryptographicException) { return false; } // not a point of the curve
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(message, digest);
        return ecdsa.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
