using Bridge.Client.Keys;
using Bridge.Core.Nodes;
using Bridge.Core.Protocol;
using Icp.Candid;

namespace Bridge.Client.Signing;

/// <summary>Builds and signs the body of <c>POST /v1/nodes</c> (section 2).</summary>
public static class NodeRegistrations
{
    /// <summary>
    /// The registration of <paramref name="nodeKey"/> on <paramref name="networkId"/>, rewards going to
    /// <paramref name="owner"/>'s default account, signed over <c>\x0Ccompute-node ‖ hash_of_map{ network_id,
    /// public_key, owner }</c>.
    /// </summary>
    public static NodeRegistration Sign(BridgeKey nodeKey, string networkId, Principal owner)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        ArgumentException.ThrowIfNullOrEmpty(networkId);
        ArgumentNullException.ThrowIfNull(owner);
        var der = nodeKey.PublicKeyDer;
        var hash = BridgeHashes.RegistrationHash(networkId, der, owner);
        return new NodeRegistration
        {
            NetworkId = networkId,
            PublicKey = der,
            Owner = owner,
            Signature = nodeKey.Sign(BridgeHashes.RegistrationMessage(hash)),
        };
    }
}
