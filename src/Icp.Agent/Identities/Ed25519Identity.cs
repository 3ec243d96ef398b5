using System.Security.Cryptography;
using Icp.Candid;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Icp.Agent.Identities;

/// <summary>An Ed25519 key (dfx's and icp's "basic" identity), signing with BouncyCastle.</summary>
public sealed class Ed25519Identity : IIdentity
{
    private readonly Ed25519PrivateKeyParameters _key;
    private readonly byte[] _publicKeyDer;

    private Ed25519Identity(Ed25519PrivateKeyParameters key)
    {
        _key = key;
        _publicKeyDer = KeyDer.Wrap(KeyDer.Ed25519Prefix, key.GeneratePublicKey().GetEncoded());
        Sender = Principal.SelfAuthenticating(_publicKeyDer);
    }

    /// <summary>A new random key.</summary>
    public static Ed25519Identity Generate() => FromSeed(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key with this 32-byte seed (RFC 8032 private key).</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public static Ed25519Identity FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new ArgumentException("an Ed25519 seed has 32 bytes", nameof(seed));
        return new Ed25519Identity(new Ed25519PrivateKeyParameters(seed.ToArray()));
    }

    /// <summary>Loads a PEM "PRIVATE KEY" (PKCS#8, including dfx's older form with the public key).</summary>
    /// <exception cref="FormatException">Not an Ed25519 key PEM.</exception>
    public static Ed25519Identity FromPem(string pem) =>
        IdentityPem.Load(pem) as Ed25519Identity ?? throw new FormatException("the PEM holds a key of another type, not Ed25519");

    /// <inheritdoc />
    public Principal Sender { get; }

    /// <inheritdoc />
    public byte[]? PublicKeyDer => (byte[])_publicKeyDer.Clone();

    /// <summary>The raw 32-byte public key.</summary>
    public byte[] PublicKey => _key.GeneratePublicKey().GetEncoded();

    /// <summary>The 32-byte seed (secret).</summary>
    public byte[] Seed => _key.GetEncoded();

    /// <inheritdoc />
    public IReadOnlyList<SignedDelegation> DelegationChain => [];

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    /// <summary>The key as PEM "PRIVATE KEY" (PKCS#8 v1, the form current dfx and openssl write).</summary>
    public string ToPem() => IdentityPem.Ed25519ToPem(Seed);
}
