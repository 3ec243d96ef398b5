using System.Security.Cryptography;
using Icp.Candid;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Icp.Agent.Identities;

/// <summary>
/// A secp256k1 key (dfx's default identity type). Signs SHA-256(message) with ECDSA, deterministic k (RFC 6979),
/// low-S, as 64 bytes r ‖ s.
/// </summary>
public sealed class Secp256k1Identity : IIdentity
{
    internal static readonly X9ECParameters Curve = SecNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);

    private readonly ECPrivateKeyParameters _key;
    private readonly byte[] _publicKeyDer;

    private Secp256k1Identity(BigInteger d)
    {
        if (d.SignValue <= 0 || d.CompareTo(Curve.N) >= 0) throw new ArgumentException("the secp256k1 private key is out of range");
        _key = new ECPrivateKeyParameters(d, Domain);
        var publicPoint = Domain.G.Multiply(d).Normalize();
        _publicKeyDer = KeyDer.Wrap(KeyDer.Secp256k1Prefix, publicPoint.GetEncoded(false));
        Sender = Principal.SelfAuthenticating(_publicKeyDer);
    }

    /// <summary>A new random key.</summary>
    public static Secp256k1Identity Generate()
    {
        while (true)
        {
            var d = new BigInteger(1, RandomNumberGenerator.GetBytes(32));
            if (d.SignValue > 0 && d.CompareTo(Curve.N) < 0) return new Secp256k1Identity(d);
        }
    }

    /// <summary>The key with this 32-byte big-endian private scalar.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes, zero, or not below the group order.</exception>
    public static Secp256k1Identity FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32) throw new ArgumentException("a secp256k1 private key has 32 bytes", nameof(privateKey));
        return new Secp256k1Identity(new BigInteger(1, privateKey.ToArray()));
    }

    /// <summary>Loads a PEM "EC PRIVATE KEY" (SEC1, as dfx writes it) or "PRIVATE KEY" (PKCS#8) on secp256k1.</summary>
    /// <exception cref="FormatException">Not a secp256k1 key PEM.</exception>
    public static Secp256k1Identity FromPem(string pem) =>
        IdentityPem.Load(pem) as Secp256k1Identity ?? throw new FormatException("the PEM holds a key of another type, not secp256k1");

    /// <inheritdoc />
    public Principal Sender { get; }

    /// <inheritdoc />
    public byte[]? PublicKeyDer => (byte[])_publicKeyDer.Clone();

    /// <summary>The 32-byte private scalar (secret).</summary>
    public byte[] PrivateKey => _key.D.ToByteArrayUnsigned().Length == 32
        ? _key.D.ToByteArrayUnsigned()
        : [.. new byte[32 - _key.D.ToByteArrayUnsigned().Length], .. _key.D.ToByteArrayUnsigned()];

    /// <inheritdoc />
    public IReadOnlyList<SignedDelegation> DelegationChain => [];

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var hash = SHA256.HashData(message);
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _key);
        var rs = signer.GenerateSignature(hash);
        return EcdsaSignature.ToLowSCompact(rs[0], rs[1], Curve.N);
    }

    /// <summary>The key as PEM "EC PRIVATE KEY" (SEC1 with the secp256k1 OID and the public key), as dfx writes it.</summary>
    public string ToPem() => IdentityPem.EcToPem(PrivateKey, _publicKeyDer.AsSpan(KeyDer.Secp256k1Prefix.Length), IdentityPem.Secp256k1Oid);
}
