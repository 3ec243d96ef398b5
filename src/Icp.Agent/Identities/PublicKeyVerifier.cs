using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Icp.Agent.Identities;

/// <summary>
/// Verifies request-style signatures under a DER public key: Ed25519, ECDSA secp256k1 and ECDSA P-256 (SHA-256,
/// 64-byte r ‖ s). Used to check delegation chains and, later, query-response node signatures (Ed25519).
/// </summary>
public static class PublicKeyVerifier
{
    /// <summary>True when <paramref name="signature"/> is valid for <paramref name="message"/> under <paramref name="publicKeyDer"/>.</summary>
    /// <exception cref="NotSupportedException">The key type is not one of the three supported.</exception>
    public static bool Verify(ReadOnlySpan<byte> publicKeyDer, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (KeyDer.TryUnwrap(publicKeyDer, KeyDer.Ed25519Prefix, 32, out var ed))
        {
            if (signature.Length != 64) return false;
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(ed.ToArray()));
            verifier.BlockUpdate(message);
            return verifier.VerifySignature(signature.ToArray());
        }
        if (KeyDer.TryUnwrap(publicKeyDer, KeyDer.Secp256k1Prefix, 65, out var k1))
        {
            if (signature.Length != 64) return false;
            var curve = Secp256k1Identity.Curve;
            Org.BouncyCastle.Math.EC.ECPoint point;
            try { point = curve.Curve.DecodePoint(k1.ToArray()); }
            catch (ArgumentException) { return false; }
            var verifier = new ECDsaSigner();
            verifier.Init(false, new ECPublicKeyParameters(point, new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H)));
            var s = new BigInteger(1, signature[32..].ToArray());
            // Only low-S is accepted, like the IC: the high-S twin of a signature must not verify as well.
            if (s.CompareTo(curve.N.ShiftRight(1)) > 0) return false;
            return verifier.VerifySignature(SHA256.HashData(message), new BigInteger(1, signature[..32].ToArray()), s);
        }
        if (KeyDer.TryUnwrap(publicKeyDer, KeyDer.P256Prefix, 65, out _))
        {
            if (signature.Length != 64) return false;
            using var ecdsa = ECDsa.Create();
            try { ecdsa.ImportSubjectPublicKeyInfo(publicKeyDer, out _); }
            catch (CryptographicException) { return false; }
            return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        throw new NotSupportedException("unsupported public key type (expected DER Ed25519, secp256k1 or P-256)");
    }
}
