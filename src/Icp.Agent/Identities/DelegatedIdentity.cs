using Icp.Candid;

namespace Icp.Agent.Identities;

/// <summary>
/// An identity acting through a chain of delegations: requests are sent as the principal of the root key
/// (<see cref="PublicKeyDer"/>), carry the chain, and are signed by the session key at its end.
/// </summary>
public sealed class DelegatedIdentity : IIdentity
{
    /// <summary>The most delegations the spec allows in one chain (the prose says 20; the CDDL says 4).</summary>
    public const int MaxChainLength = 20;

    private readonly byte[] _rootPublicKeyDer;
    private readonly IIdentity _session;
    private readonly SignedDelegation[] _chain;

    /// <summary>
    /// An identity for <paramref name="rootPublicKeyDer"/> that signs with <paramref name="session"/>; the last delegation
    /// of <paramref name="chain"/> must delegate to the session key. Signatures in the chain are checked when the key
    /// types are supported by <see cref="PublicKeyVerifier"/> (canister-signature and WebAuthn roots cannot be checked offline).
    /// </summary>
    /// <exception cref="ArgumentException">An empty or too long chain, a broken link, a bad signature, or a session key mismatch.</exception>
    public DelegatedIdentity(byte[] rootPublicKeyDer, IReadOnlyList<SignedDelegation> chain, IIdentity session)
    {
        ArgumentNullException.ThrowIfNull(rootPublicKeyDer);
        ArgumentNullException.ThrowIfNull(chain);
        _session = session ?? throw new ArgumentNullException(nameof(session));
        if (chain.Count == 0 || chain.Count > MaxChainLength) throw new ArgumentException($"a delegation chain has 1 to {MaxChainLength} delegations", nameof(chain));
        var sessionKey = session.PublicKeyDer ?? throw new ArgumentException("the session identity has no public key", nameof(session));
        if (!chain[^1].Delegation.PublicKeyDer.AsSpan().SequenceEqual(sessionKey))
            throw new ArgumentException("the last delegation does not delegate to the session key", nameof(chain));

        var signer = rootPublicKeyDer;
        foreach (var link in chain)
        {
            bool valid;
            try { valid = PublicKeyVerifier.Verify(signer, link.Delegation.SignableMessage(), link.Signature); }
            catch (NotSupportedException) { valid = true; } // e.g. a canister signature from Internet Identity: the IC checks it
            if (!valid) throw new ArgumentException("a delegation signature does not verify under the key it delegates from", nameof(chain));
            signer = link.Delegation.PublicKeyDer;
        }
        _rootPublicKeyDer = (byte[])rootPublicKeyDer.Clone();
        _chain = [.. chain];
        Sender = Principal.SelfAuthenticating(_rootPublicKeyDer);
    }

    /// <summary>
    /// Delegates from <paramref name="root"/> to <paramref name="session"/> in one step, valid until <paramref name="expiration"/>,
    /// optionally only for <paramref name="targets"/>.
    /// </summary>
    public static DelegatedIdentity Create(IIdentity root, IIdentity session, DateTimeOffset expiration, IReadOnlyList<Principal>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(session);
        var rootKey = root.PublicKeyDer ?? throw new ArgumentException("the root identity has no public key", nameof(root));
        var delegation = new Delegation(session.PublicKeyDer ?? throw new ArgumentException("the session identity has no public key", nameof(session)),
            ToNanoseconds(expiration), targets);
        return new DelegatedIdentity(rootKey, [.. root.DelegationChain, delegation.SignWith(root)], session);
    }

    /// <inheritdoc />
    public Principal Sender { get; }

    /// <inheritdoc />
    public byte[]? PublicKeyDer => (byte[])_rootPublicKeyDer.Clone();

    /// <inheritdoc />
    public IReadOnlyList<SignedDelegation> DelegationChain => _chain;

    /// <summary>The earliest expiry in the chain.</summary>
    public DateTimeOffset Expiration => _chain.Min(d => d.Delegation.Expiration);

    /// <summary>True when every delegation is unexpired at <paramref name="now"/>.</summary>
    public bool IsValidAt(DateTimeOffset now) => ToNanoseconds(now) < _chain.Min(d => d.Delegation.ExpirationNanoseconds);

    /// <summary>
    /// True when the chain allows calls to <paramref name="canister"/>: every delegation that has targets must list it
    /// (the IC takes the intersection of the target sets).
    /// </summary>
    public bool AllowsTarget(Principal canister) =>
        _chain.All(d => d.Delegation.Targets is null || d.Delegation.Targets.Contains(canister));

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message) => _session.Sign(message);

    private static ulong ToNanoseconds(DateTimeOffset t) => IcTime.ToNanoseconds(t);
}
