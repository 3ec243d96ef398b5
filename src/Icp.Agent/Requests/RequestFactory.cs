using Icp.Agent.Identities;
using Icp.Candid;

namespace Icp.Agent.Requests;

/// <summary>Builds and signs request envelopes for one identity, with expiries and (optionally) nonces.</summary>
public sealed class RequestFactory
{
    /// <summary>A factory for <paramref name="identity"/>.</summary>
    /// <param name="identity">Who sends and signs.</param>
    /// <param name="expiry">The expiry source; 4 minutes on the system clock by default.</param>
    /// <param name="useNonce">Whether calls get a random nonce (queries and read_state never need one).</param>
    public RequestFactory(IIdentity identity, IngressExpiry? expiry = null, bool useNonce = true)
    {
        Identity = identity ?? throw new ArgumentNullException(nameof(identity));
        Expiry = expiry ?? new IngressExpiry();
        UseNonce = useNonce;
    }

    /// <summary>The identity.</summary>
    public IIdentity Identity { get; }

    /// <summary>The expiry source.</summary>
    public IngressExpiry Expiry { get; }

    /// <summary>Whether calls carry a random nonce.</summary>
    public bool UseNonce { get; }

    /// <summary>A signed update call.</summary>
    public Envelope Call(Principal canisterId, string methodName, byte[] arg) =>
        Envelope.Sign(new CallContent(Identity.Sender, Expiry.Next(), UseNonce ? Nonce.Generate() : null, canisterId, methodName, arg), Identity);

    /// <summary>A signed query.</summary>
    public Envelope Query(Principal canisterId, string methodName, byte[] arg) =>
        Envelope.Sign(new QueryContent(Identity.Sender, Expiry.Next(), null, canisterId, methodName, arg), Identity);

    /// <summary>A signed read_state of <paramref name="paths"/>.</summary>
    public Envelope ReadState(IReadOnlyList<IReadOnlyList<byte[]>> paths) =>
        Envelope.Sign(new ReadStateContent(Identity.Sender, Expiry.Next(), null, paths), Identity);
}
