using Icp.Candid;

namespace Bridge.Client.Models;

/// <summary>The bridge's answer to a registration (section 2): 201 registered, or 200 the same key and owner again.</summary>
/// <param name="Provider">The node's provider id (its key's principal).</param>
/// <param name="Owner">The principal whose default account receives the provider's rewards.</param>
/// <param name="IsNew">True for 201 (registered now), false for 200 (registered before).</param>
public sealed record NodeRegistrationResult(Principal Provider, Principal Owner, bool IsNew);

/// <summary>A registration as <c>GET /v1/nodes/{provider}</c> shows it.</summary>
/// <param name="Provider">The node's provider id.</param>
/// <param name="PublicKey">The registered DER public key.</param>
/// <param name="Owner">The rewards' owner.</param>
public sealed record RegisteredNodeInfo(Principal Provider, byte[] PublicKey, Principal Owner);
