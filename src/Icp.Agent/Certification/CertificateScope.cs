using Icp.Candid;

namespace Icp.Agent.Certification;

/// <summary>
/// What a certificate must be valid for: the effective canister id of a canister endpoint (checked against the
/// delegating subnet's canister ranges) or the effective subnet id of a subnet endpoint.
/// </summary>
public sealed record CertificateScope
{
    private CertificateScope(Principal? canister, Principal? subnet, CanisterRangeLayout layout)
    {
        EffectiveCanisterId = canister;
        EffectiveSubnetId = subnet;
        Layout = layout;
    }

    /// <summary>The effective canister id, for canister endpoints.</summary>
    public Principal? EffectiveCanisterId { get; }

    /// <summary>The effective subnet id, for subnet endpoints.</summary>
    public Principal? EffectiveSubnetId { get; }

    /// <summary>Which canister-range layout the endpoint uses.</summary>
    public CanisterRangeLayout Layout { get; }

    /// <summary>A canister endpoint: the delegation must cover <paramref name="effectiveCanisterId"/>.</summary>
    public static CertificateScope ForCanister(Principal effectiveCanisterId, CanisterRangeLayout layout = CanisterRangeLayout.Auto) =>
        new(effectiveCanisterId ?? throw new ArgumentNullException(nameof(effectiveCanisterId)), null, layout);

    /// <summary>A subnet endpoint: the certificate must come from <paramref name="effectiveSubnetId"/>.</summary>
    public static CertificateScope ForSubnet(Principal effectiveSubnetId) =>
        new(null, effectiveSubnetId ?? throw new ArgumentNullException(nameof(effectiveSubnetId)), CanisterRangeLayout.Auto);
}
