using Bridge.Core.Signatures;
using Icp.Agent.Identities;
using Icp.Candid;

namespace Bridge.Client.Keys;

/// <summary>
/// A private key of one of the protocol's two kinds (section 1): Ed25519 or secp256k1. A node signs its registration
/// and receipts with it; a requester countersigns receipts and pays fees with it. Its principal is the key's
/// self-authenticating principal (a node's <c>provider</c> id). Keys are the agent's identities, so the PEM files of
/// <c>dfx</c> and <c>icp</c> load as they are.
/// </summary>
public sealed class BridgeKey
{
    private readonly byte[] _publicKeyDer;

    private BridgeKey(IIdentity identity, PublicKeyKind kind)
    {
        Identity = identity;
        Kind = kind;
        _publicKeyDer = identity.PublicKeyDer!;
        Principal = identity.Sender;
    }

    /// <summary>The key as an agent identity (to sign IC calls, such as a requester's fee transfer).</summary>
    public IIdentity Identity { get; }

    /// <summary>Ed25519 or secp256k1.</summary>
    public PublicKeyKind Kind { get; }

    /// <summary>The DER SubjectPublicKeyInfo: 44 bytes (Ed25519) or 88 bytes (secp256k1, uncompressed point).</summary>
    public byte[] PublicKeyDer => (byte[])_publicKeyDer.Clone();

    /// <summary>The key's self-authenticating principal, SHA-224(DER) ‖ 0x02.</summary>
    public Principal Principal { get; }

    /// <summary>A new random Ed25519 key.</summary>
    public static BridgeKey GenerateEd25519() => new(Ed25519Identity.Generate(), PublicKeyKind.Ed25519);

    /// <summary>A new random secp256k1 key.</summary>
    public static BridgeKey GenerateSecp256k1() => new(Secp256k1Identity.Generate(), PublicKeyKind.Secp256k1);

    /// <summary>A new random key of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is neither kind.</exception>
    public static BridgeKey Generate(PublicKeyKind kind) => kind switch
    {
        PublicKeyKind.Ed25519 => GenerateEd25519(),
        PublicKeyKind.Secp256k1 => GenerateSecp256k1(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a bridge key is Ed25519 or secp256k1"),
    };

    /// <summary>The key of an agent identity.</summary>
    /// <exception cref="ArgumentException">The identity is not an Ed25519 or secp256k1 key (a P-256 key, a delegation, anonymous).</exception>
    public static BridgeKey FromIdentity(IIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity switch
        {
            Ed25519Identity => new BridgeKey(identity, PublicKeyKind.Ed25519),
            Secp256k1Identity => new BridgeKey(identity, PublicKeyKind.Secp256k1),
            _ => throw new ArgumentException($"the bridge accepts Ed25519 and secp256k1 keys, not {identity.GetType().Name}", nameof(identity)),
        };
    }

    /// <summary>Loads a PEM key: Ed25519 PKCS#8 "PRIVATE KEY", or secp256k1 SEC1 "EC PRIVATE KEY" or PKCS#8.</summary>
    /// <exception cref="FormatException">Not a key PEM, or a key of another kind (P-256).</exception>
    public static BridgeKey FromPem(string pem)
    {
        var identity = IdentityPem.Load(pem);
        if (identity is not (Ed25519Identity or Secp256k1Identity))
            throw new FormatException($"the PEM holds a {identity.GetType().Name} key; the bridge accepts Ed25519 and secp256k1 keys");
        return FromIdentity(identity);
    }

    /// <summary>Loads a PEM file (see <see cref="FromPem"/>).</summary>
    /// <exception cref="FormatException">See <see cref="FromPem"/>; the message names the file.</exception>
    public static BridgeKey LoadPemFile(string path)
    {
        try { return FromPem(File.ReadAllText(path)); }
        catch (FormatException e) { throw new FormatException($"{path}: {e.Message}", e); }
    }

    /// <summary>The key as PEM (Ed25519: PKCS#8 "PRIVATE KEY"; secp256k1: SEC1 "EC PRIVATE KEY", as dfx writes them).</summary>
    public string ToPem() => Identity switch
    {
        Ed25519Identity ed => ed.ToPem(),
        Secp256k1Identity k => k.ToPem(),
        _ => throw new InvalidOperationException("unreachable: a bridge key is Ed25519 or secp256k1"),
    };

    /// <summary>Signs <paramref name="message"/> as section 1 says: Ed25519 over the message; secp256k1 ECDSA over its
    /// SHA-256, 64 bytes r ‖ s with low S.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => Identity.Sign(message);

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Principal}";
}
