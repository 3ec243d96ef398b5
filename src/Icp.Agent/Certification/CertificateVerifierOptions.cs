namespace Icp.Agent.Certification;

/// <summary>Settings of a <see cref="CertificateVerifier"/>.</summary>
public sealed record CertificateVerifierOptions
{
    /// <summary>The clock the certified time is compared with.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How far the certified <c>/time</c> may be from the local clock, in either direction (a certificate from the
    /// future is as suspect as an old one). Default 5 minutes, as the spec suggests; null turns the check off.
    /// </summary>
    public TimeSpan? MaxCertificateAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How old the delegation certificate's <c>/time</c> may be. Default null (unchecked): mainnet refreshes
    /// delegations only after upgrades, so the spec suggests allowing at least a week.
    /// </summary>
    public TimeSpan? MaxDelegationAge { get; init; }
}
