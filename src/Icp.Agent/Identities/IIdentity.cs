using Icp.Candid;

namespace Icp.Agent.Identities;

/// <summary>
/// Who sends a request and how it is signed. The envelope carries <see cref="PublicKeyDer"/> as
/// <c>sender_pubkey</c>, <see cref="DelegationChain"/> as <c>sender_delegation</c>, and the result of
/// <see cref="Sign"/> over <c>\x0Aic-request</c> ‖ request id as <c>sender_sig</c>.
/// </summary>
public interface IIdentity
{
    /// <summary>The principal requests are sent as (self-authenticating for key identities).</summary>
    Principal Sender { get; }

    /// <summary>The DER public key put in the envelope, or null for the anonymous identity (unsigned requests).</summary>
    byte[]? PublicKeyDer { get; }

    /// <summary>Signs <paramref name="message"/> as given (the caller adds any domain separator).</summary>
    /// <exception cref="InvalidOperationException">The identity cannot sign (anonymous).</exception>
    byte[] Sign(ReadOnlySpan<byte> message);

    /// <summary>The delegations from <see cref="PublicKeyDer"/> to the key that signs, in order; empty when it signs itself.</summary>
    IReadOnlyList<SignedDelegation> DelegationChain { get; }
}

/// <summary>The anonymous identity: sender <c>2vxsx-fae</c>, no key, requests go unsigned.</summary>
public sealed class AnonymousIdentity : IIdentity
{
    private AnonymousIdentity() { }

    /// <summary>The one instance.</summary>
    public static AnonymousIdentity Instance { get; } = new();

    /// <inheritdoc />
    public Principal Sender => Principal.Anonymous;

    /// <inheritdoc />
    public byte[]? PublicKeyDer => null;

    /// <inheritdoc />
    public IReadOnlyList<SignedDelegation> DelegationChain => [];

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message) => throw new InvalidOperationException("the anonymous identity does not sign");
}
