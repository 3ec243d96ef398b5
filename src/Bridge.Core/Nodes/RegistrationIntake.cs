using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Core.Signatures;
using Icp.Candid;

namespace Bridge.Core.Nodes;

/// <summary>The decision of protocol section 2 as a pure function: 413, 415, 400, wrong_network, bad_signature, then
/// 409 node_owner_conflict, 200 the same again, or 201.</summary>
public static class RegistrationIntake
{
    /// <summary>Decides on a request body as it arrived.</summary>
    /// <param name="contentType">The request's <c>Content-Type</c>, or <c>null</c>.</param>
    /// <param name="body">The whole body.</param>
    /// <param name="networkId">The bridge's network id.</param>
    /// <param name="findNode">The registered node with a provider principal, or <c>null</c>.</param>
    /// <param name="verifier">The signature implementation (<see cref="SignatureVerifiers.Default"/> when <c>null</c>).</param>
    public static RegistrationAnswer Decide(string? contentType, ReadOnlySpan<byte> body, string networkId, Func<Principal, RegisteredNode?> findNode, ISignatureVerifier? verifier = null)
    {
        if (body.Length > ProtocolLimits.MaxBodyBytes) return Problem(413, ProblemCodes.TooLarge, $"the body is over {ProtocolLimits.MaxBodyBytes} bytes");
        if (!BodyMediaType.IsJson(contentType)) return Problem(415, ProblemCodes.UnsupportedMediaType, "send application/json");
        NodeRegistration registration;
        try { registration = RegistrationParser.Parse(body); }
        catch (MalformedBodyException e) { return Problem(400, ProblemCodes.Malformed, e.Message); }
        return Decide(registration, networkId, findNode, verifier);
    }

    /// <summary>Decides on a parsed registration (the rows after 400).</summary>
    public static RegistrationAnswer Decide(NodeRegistration registration, string networkId, Func<Principal, RegisteredNode?> findNode, ISignatureVerifier? verifier = null)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(findNode);
        if (!string.Equals(registration.NetworkId, networkId, StringComparison.Ordinal))
            return Problem(422, ProblemCodes.WrongNetwork, $"field 'network_id': this bridge serves '{networkId}'");
        if (!BridgePublicKey.TryFromDer(registration.PublicKey, out var key))
            return Problem(422, ProblemCodes.BadSignature, "field 'public_key': not a DER Ed25519 or uncompressed secp256k1 key");
        var message = BridgeHashes.RegistrationMessage(BridgeHashes.RegistrationHash(registration));
        if (!(verifier ?? SignatureVerifiers.Default).Verify(key, message, registration.Signature))
            return Problem(422, ProblemCodes.BadSignature, "field 'signature': does not verify under public_key");
        var node = new RegisteredNode(key.Principal, registration.PublicKey, registration.Owner);
        var existing = findNode(node.Provider);
        if (existing is null) return new RegistrationAnswer { Status = 201, Node = node };
        if (existing.Owner != registration.Owner)
            return Problem(409, ProblemCodes.NodeOwnerConflict, "field 'owner': the key is registered with another owner");
        return new RegistrationAnswer { Status = 200, Node = existing };
    }

    private static RegistrationAnswer Problem(int status, string code, string detail) => new() { Status = status, Code = code, Detail = detail };
}
