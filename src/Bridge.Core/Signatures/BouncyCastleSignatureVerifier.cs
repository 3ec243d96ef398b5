using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Bridge.Core.Signatures;

/// <summary>The strict rules over BouncyCastle's Ed25519 and secp256k1 ECDSA (managed code, no native library).</summary>
public sealed class BouncyCastleSignatureVerifier : StrictSignatureVerifier
{
    private static readonly ECDomainParameters Secp256k1 = CreateDomain();

    /// <summary>One shared instance (stateless).</summary>
    public static BouncyCastleSignatureVerifier Instance { get; } = new();

    /// <inheritdoc />
    protected override bool VerifyEd25519(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        BcEd25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, message.ToArray(), 0, message.Length);

    /// <inheritdoc />
    protected override bool VerifySecp256k1(ReadOnlySpan<byte> uncompressedPoint, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        Org.BouncyCastle.Math.EC.ECPoint point;
        try { point = Secp256k1.Curve.DecodePoint(uncompressedPoint.ToArray()); }
        catch (ArgumentException) { return false; }
        var signer = new ECDsaSigner();
        signer.Init(false, new ECPublicKeyParameters(point, Secp256k1));
        return signer.VerifySignature(SHA256.HashData(message), new BcBigInteger(1, signature[..32].ToArray()), new BcBigInteger(1, signature[32..].ToArray()));
    }

    private static ECDomainParameters CreateDomain()
    {
        var curve = SecNamedCurves.GetByName("secp256k1");
        return new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
    }
}
