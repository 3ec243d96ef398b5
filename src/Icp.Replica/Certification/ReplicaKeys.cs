using System.Security.Cryptography;
using Icp.Agent.Identities;
using Icp.Bls12381;
using Icp.Candid;

namespace Icp.Replica.Certification;

/// <summary>
/// The replica's keys: the subnet's BLS12-381 key (which, for the single root subnet, is the root key every
/// certificate chains to) and one node's Ed25519 key that signs query responses. Ids follow mainnet: the subnet id
/// is the self-authenticating id of the DER root key, the node id that of the node's DER key.
/// </summary>
public sealed class ReplicaKeys
{
    private ReplicaKeys(BlsSecretKey rootKey, Ed25519Identity nodeKey, byte[] seed)
    {
        RootSecretKey = rootKey;
        NodeKey = nodeKey;
        Seed = seed;
        RootKeyDer = [.. Bls12381.BlsSignature.DerPublicKeyPrefix, .. rootKey.PublicKey];
        SubnetId = Principal.SelfAuthenticating(RootKeyDer);
        NodeId = nodeKey.Sender;
        NodePublicKeyDer = nodeKey.PublicKeyDer!;
    }

    /// <summary>Keys derived from a 32-byte seed (the same seed gives the same keys and ids).</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public static ReplicaKeys FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new ArgumentException("a replica key seed has 32 bytes", nameof(seed));
        var root = BlsSecretKey.FromSeed(seed, "icp-replica root key"u8);
        var node = Ed25519Identity.FromSeed(SHA256.HashData([.. "icp-replica node key"u8, .. seed]));
        return new ReplicaKeys(root, node, seed.ToArray());
    }

    /// <summary>Fresh random keys.</summary>
    public static ReplicaKeys Generate() => FromSeed(RandomNumberGenerator.GetBytes(32));

    /// <summary>The seed the keys come from (secret; kept in the state directory).</summary>
    public byte[] Seed { get; }

    /// <summary>The root (and subnet) BLS secret key.</summary>
    public BlsSecretKey RootSecretKey { get; }

    /// <summary>The DER root public key (133 bytes), what <c>/api/v2/status</c> reports as <c>root_key</c>.</summary>
    public byte[] RootKeyDer { get; }

    /// <summary>The subnet id: the self-authenticating id of <see cref="RootKeyDer"/>.</summary>
    public Principal SubnetId { get; }

    /// <summary>The node's Ed25519 key, which signs query responses.</summary>
    public Ed25519Identity NodeKey { get; }

    /// <summary>The node id: the self-authenticating id of the node's DER public key.</summary>
    public Principal NodeId { get; }

    /// <summary>The node's DER Ed25519 public key, certified at <c>/subnet/&lt;id&gt;/node/&lt;node&gt;/public_key</c>.</summary>
    public byte[] NodePublicKeyDer { get; }
}
