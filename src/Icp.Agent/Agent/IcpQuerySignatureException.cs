namespace Icp.Agent;

/// <summary>
/// A query response's node signatures do not prove it: none were given, a signer is not a node of the canister's
/// subnet, a signature does not verify, or its timestamp is too far from the local clock.
/// </summary>
public sealed class IcpQuerySignatureException : IcpAgentException
{
    /// <summary>An error with a message.</summary>
    public IcpQuerySignatureException(string message) : base(message) { }
}
