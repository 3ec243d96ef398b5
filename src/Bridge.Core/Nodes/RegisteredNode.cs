using Icp.Candid;

namespace Bridge.Core.Nodes;

/// <summary>A node the bridge knows: its provider principal, its DER key and its owner.</summary>
/// <param name="Provider">The key's self-authenticating principal.</param>
/// <param name="PublicKey">The registered DER key (Ed25519 or secp256k1).</param>
/// <param name="Owner">The principal whose default account receives the provider's rewards.</param>
public sealed record RegisteredNode(Principal Provider, byte[] PublicKey, Principal Owner);
