using System.Security.Cryptography;
using Icp.Candid;

namespace Icp.Agent.Identities;

/// <summary>
/// A NIST P-256 (prime256v1) key using .NET's ECDsa. Signs SHA-256(message) as 64 bytes r ‖ s; s is normalised
/// to the low half, which every verifier accepts (whether or not it insists on low-S).
/// </summary>
public sealed class P256Identity : IIdentity, IDisposable
{
    private static readonly Org.BouncyCastle.Math.BigInteger Order =
        Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByName("P-256").N;

    private readonly ECDsa _key;
    private readonly byte[] _publicKeyDer;

    private P256Identity(ECDsa key)
    {
        if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid?.Value != IdentityPem.P256Oid)
            throw new ArgumentException("not a P-256 key");
        _key = key;
        _publicKeyDer = key.ExportSubjectPublicKeyInfo();
        if (!_publicKeyDer.AsSpan().StartsWith(KeyDer.P256Prefix)) throw new ArgumentException("unexpected P-256 public key encoding");
        Sender = Principal.SelfAuthenticating(_publicKeyDer);
    }

    /// <summary>A new random key.</summary>
    public static P256Identity Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The key with this 32-byte big-endian private scalar.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes or not a valid scalar.</exception>
    public static P256Identity FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32) throw new ArgumentException("a P-256 private key has 32 bytes", nameof(privateKey));
        try
        {
            return new(ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateKey.ToArray() }));
        }
        catch (CryptographicException e) { throw new ArgumentException("not a valid P-256 private key: " + e.Message, nameof(privateKey), e); }
    }

    /// <summary>Loads a PEM "EC PRIVATE KEY" (SEC1) or "PRIVATE KEY" (PKCS#8) on P-256.</summary>
    /// <exception cref="FormatException">Not a P-256 key PEM.</exception>
    public static P256Identity FromPem(string pem) =>
        IdentityPem.Load(pem) as P256Identity ?? throw new FormatException("the PEM holds a key of another type, not P-256");

    /// <inheritdoc />
    public Principal Sender { get; }

    /// <inheritdoc />
    public byte[]? PublicKeyDer => (byte[])_publicKeyDer.Clone();

    /// <summary>The 32-byte private scalar (secret).</summary>
    public byte[] PrivateKey => _key.ExportParameters(true).D!;

    /// <inheritdoc />
    public IReadOnlyList<SignedDelegation> DelegationChain => [];

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var rs = _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var r = new Org.BouncyCastle.Math.BigInteger(1, rs, 0, 32);
        var s = new Org.BouncyCastle.Math.BigInteger(1, rs, 32, 32);
        return EcdsaSignature.ToLowSCompact(r, s, Order);
    }

    /// <summary>The key as PEM "EC PRIVATE KEY" (SEC1 with the prime256v1 OID and the public key), as openssl writes it.</summary>
    public string ToPem() => IdentityPem.EcToPem(PrivateKey, _publicKeyDer.AsSpan(KeyDer.P256Prefix.Length), IdentityPem.P256Oid);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
