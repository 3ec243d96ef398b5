using Icp.Candid;

namespace Bridge.Core.Nodes;

/// <summary>A node registration as <c>POST /v1/nodes</c> carries it (protocol section 2).</summary>
public sealed record NodeRegistration
{
    /// <summary>The network (1–64 bytes of UTF-8).</summary>
    public required string NetworkId { get; init; }
    /// <summary>The node's DER public key (as given; its kind is checked by the intake, not the parser).</summary>
    public required byte[] PublicKey { get; init; }
    /// <summary>The principal whose default account receives the provider's rewards.</summary>
    public required Principal Owner { get; init; }
    /// <summary>The node key's signature over <c>\x0Ccompute-node ‖ registration hash</c>.</summary>
    public required byte[] Signature { get; init; }

    /// <summary>The node's provider id: its key's self-authenticating principal.</summary>
    public Principal Provider => Principal.SelfAuthenticating(PublicKey);
}
