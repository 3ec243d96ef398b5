using Icp.Agent.Hashing;
using Icp.Candid;

namespace Icp.Agent.Identities;

/// <summary>
/// A delegation <c>{pubkey, expiration, targets?}</c>: the signer lets <see cref="PublicKeyDer"/> sign requests on its
/// behalf until <see cref="ExpirationNanoseconds"/>, optionally only for the canisters in <see cref="Targets"/>.
/// </summary>
/// <param name="PublicKeyDer">The DER public key being delegated to.</param>
/// <param name="ExpirationNanoseconds">Expiry, in nanoseconds since the Unix epoch.</param>
/// <param name="Targets">The canisters the delegation is restricted to, or null for no restriction.</param>
public sealed record Delegation(byte[] PublicKeyDer, ulong ExpirationNanoseconds, IReadOnlyList<Principal>? Targets = null)
{
    /// <summary>The fields as the representation-independent hash sees them (absent targets left out).</summary>
    public IReadOnlyDictionary<string, HashableValue> ToHashable()
    {
        var fields = new Dictionary<string, HashableValue>
        {
            ["pubkey"] = HashableValue.Blob(PublicKeyDer),
            ["expiration"] = HashableValue.Nat(ExpirationNanoseconds),
        };
        if (Targets is not null) fields["targets"] = HashableValue.Array(Targets.Select(HashableValue.Principal));
        return fields;
    }

    /// <summary><c>\x1Aic-request-auth-delegation</c> ‖ hash_of_map(delegation): the bytes the delegating key signs.</summary>
    public byte[] SignableMessage() => RepresentationIndependentHash.SignableMessage(DomainSeparators.RequestAuthDelegation, ToHashable());

    /// <summary>The expiry as a UTC instant.</summary>
    public DateTimeOffset Expiration => IcTime.ToDateTimeOffset(ExpirationNanoseconds);

    /// <summary>Signs this delegation with <paramref name="signer"/> (the key being delegated from).</summary>
    public SignedDelegation SignWith(IIdentity signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return new SignedDelegation(this, signer.Sign(SignableMessage()));
    }
}

/// <summary>A delegation with the signature of the key it delegates from.</summary>
/// <param name="Delegation">The delegation.</param>
/// <param name="Signature">The signature over <see cref="Delegation.SignableMessage"/>.</param>
public sealed record SignedDelegation(Delegation Delegation, byte[] Signature);
