using Icp.Agent.Certification;
using Icp.Candid;

namespace Icp.Agent;

/// <summary>A subnet's certified node public keys (DER Ed25519), read from <c>/subnet/&lt;id&gt;/node/&lt;node&gt;/public_key</c>.</summary>
/// <param name="SubnetId">The subnet.</param>
/// <param name="NodeKeys">Node id → DER public key.</param>
public sealed record SubnetNodeKeys(Principal SubnetId, IReadOnlyDictionary<Principal, byte[]> NodeKeys)
{
    /// <summary>
    /// Reads the node keys of the subnet that signed <paramref name="certificate"/> (the delegation's subnet, or the root
    /// subnet <paramref name="rootSubnetId"/> without delegation). The certificate must already be verified.
    /// </summary>
    public static SubnetNodeKeys FromCertificate(Certificate certificate, Principal rootSubnetId)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(rootSubnetId);
        var subnet = certificate.Delegation?.SubnetId ?? rootSubnetId;
        var nodes = certificate.Tree.ListChildren(HashTree.Path("subnet").Append(subnet.ToArray()).Append("node"u8.ToArray()).ToArray(), out _);
        var keys = new Dictionary<Principal, byte[]>();
        foreach (var (label, subtree) in nodes)
        {
            if (label.Length > Principal.MaxLength) continue;
            var key = subtree.Lookup("public_key");
            if (key.IsFound) keys[Principal.FromBytes(label)] = key.Value!;
        }
        return new SubnetNodeKeys(subnet, keys);
    }
}
