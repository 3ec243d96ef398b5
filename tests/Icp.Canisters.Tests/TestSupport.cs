using System.Formats.Cbor;
using System.Security.Cryptography;
using Icp.Agent;
using Icp.Agent.Certification;
using BlsSecretKey = Icp.Bls12381.BlsSecretKey;
using Icp.Candid;
using Icp.Replica;

namespace Icp.Canisters.Tests;

/// <summary>Principals of the test's actors (self-authenticating, from fixed "keys").</summary>
internal static class Actors
{
    public static readonly Principal Controller = Named("controller");
    public static readonly Principal Poster = Named("poster");
    public static readonly Principal Owner = Named("owner");
    public static readonly Principal Alice = Named("alice");
    public static readonly Principal Bob = Named("bob");
    public static readonly Principal Carol = Named("carol");
    public static readonly Principal Minter = Named("minter");
    public static readonly Principal Provider = Named("provider");
    public static readonly Principal ProviderOwner = Named("provider-owner");
    public static readonly Principal Requester = Named("requester");

    public static Principal Named(string name) => Principal.SelfAuthenticating(System.Text.Encoding.UTF8.GetBytes("test key " + name));
}

/// <summary>
/// A <see cref="LocalReplica"/> whose queries see real IC certificates: the canister's certified data in
/// <c>/canister/&lt;id&gt;/certified_data</c> and <c>/time</c>, signed with a BLS key whose public key is the root key.
/// </summary>
public sealed class CertifyingReplica : IAsyncDisposable
{
    private static readonly BlsSecretKey RootSecret = BlsSecretKey.FromSeed("Icp.Canisters.Tests root key, 32 bytes at least......"u8);

    private CertifyingReplica(LocalReplica replica) => Replica = replica;

    public LocalReplica Replica { get; }

    public static BlsPublicKey RootKey { get; } = BlsPublicKey.FromRaw(RootSecret.PublicKey);

    public static async Task<CertifyingReplica> StartAsync()
    {
        LocalReplica? replica = null;
        replica = await LocalReplica.StartAsync(new LocalReplicaOptions
        {
            DataCertificateProvider = (canister, data) => Certificate(canister, data, replica!.TimeNanos),
        });
        return new CertifyingReplica(replica);
    }

    private static byte[] Certificate(Principal canister, byte[] certifiedData, ulong timeNanos)
    {
        var tree = HashTreeBuilder.Labeled(new List<KeyValuePair<string, HashTree>>
        {
            new("canister", HashTree.Labeled(canister.Bytes, HashTree.Labeled("certified_data", HashTree.Leaf(certifiedData)))),
            new("time", HashTree.Leaf(Leb128.EncodeUnsigned(timeNanos))),
        });
        var message = DomainSeparators.Prefix(DomainSeparators.StateRoot, tree.Digest());
        var w = new CborWriter();
        w.WriteTag((CborTag)55799);
        w.WriteStartMap(2);
        w.WriteTextString("tree");
        HashTreeCbor.Write(w, tree);
        w.WriteTextString("signature");
        w.WriteByteString(RootSecret.Sign(message));
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>Verifies a certificate under the root key (signature, canister scope) and returns the canister's certified data in it.</summary>
    public static byte[] VerifiedCertifiedData(byte[] certificate, Principal canister)
    {
        var verifier = new CertificateVerifier(Bls12381Verifier.Shared, RootKey, new CertificateVerifierOptions { MaxCertificateAge = null });
        var cert = verifier.Verify(certificate, CertificateScope.ForCanister(canister));
        var found = cert.Lookup("canister"u8.ToArray(), canister.ToArray(), "certified_data"u8.ToArray());
        Assert.Equal(LookupStatus.Found, found.Status);
        return found.Value!.ToArray();
    }

    public ValueTask DisposeAsync() => Replica.DisposeAsync();
}

/// <summary>RFC 6962 / RFC 9162 Merkle trees over leaf bytes (the rollup's receipt tree), for building proofs in tests.</summary>
internal static class Merkle
{
    public static byte[] LeafHash(byte[] leaf) => SHA256.HashData([0x00, .. leaf]);

    public static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    public static byte[] Root(IReadOnlyList<byte[]> leaves) => leaves.Count switch
    {
        0 => SHA256.HashData([]),
        1 => LeafHash(leaves[0]),
        _ => NodeHash(Root(Slice(leaves, 0, Split(leaves.Count))), Root(Slice(leaves, Split(leaves.Count), leaves.Count))),
    };

    /// <summary>The audit path of leaf <paramref name="index"/>, sibling first (RFC 6962 section 2.1.1).</summary>
    public static byte[][] Path(IReadOnlyList<byte[]> leaves, int index)
    {
        if (leaves.Count <= 1) return [];
        int k = Split(leaves.Count);
        return index < k
            ? [.. Path(Slice(leaves, 0, k), index), Root(Slice(leaves, k, leaves.Count))]
            : [.. Path(Slice(leaves, k, leaves.Count), index - k), Root(Slice(leaves, 0, k))];
    }

    private static int Split(int n)
    {
        int k = 1;
        while (k * 2 < n) k *= 2;
        return k;
    }

    private static List<byte[]> Slice(IReadOnlyList<byte[]> list, int from, int to) => list.Skip(from).Take(to - from).ToList();
}

internal static class Bytes
{
    public static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
