namespace Icp.Agent.Certification;

/// <summary>Why a certificate was refused; each reason calls for a different reaction by the caller.</summary>
public enum CertificateVerificationError
{
    /// <summary>The certificate (or its delegation, or a value in its tree) cannot be decoded.</summary>
    Malformed,

    /// <summary>The BLS signature does not verify over <c>\x0Dic-state-root</c> ‖ root hash.</summary>
    BadSignature,

    /// <summary>The delegation is unusable: its certificate fails to verify or lacks a valid subnet public key.</summary>
    BadDelegation,

    /// <summary>The delegation's certificate carries a delegation itself (the spec allows depth one).</summary>
    NestedDelegation,

    /// <summary>The effective canister id lies outside every canister range of the delegating subnet.</summary>
    CanisterNotInRange,

    /// <summary>The canister ranges cannot be read (absent in both layouts, or pruned), so authorization is unproven.</summary>
    CanisterRangesUnavailable,

    /// <summary>The certificate is not from the effective subnet (delegation subnet id differs).</summary>
    SubnetMismatch,

    /// <summary>The certified <c>/time</c> is farther from the local clock than allowed.</summary>
    StaleTime,

    /// <summary>The tree has no <c>/time</c>, which every certificate must contain.</summary>
    MissingTime,
}

/// <summary>A certificate failed verification; <see cref="Reason"/> says why.</summary>
public sealed class CertificateVerificationException : Exception
{
    /// <summary>An exception for a reason, with a message.</summary>
    public CertificateVerificationException(CertificateVerificationError reason, string message)
        : base($"{reason}: {message}") => Reason = reason;

    /// <summary>An exception for a reason, with a message and a cause.</summary>
    public CertificateVerificationException(CertificateVerificationError reason, string message, Exception inner)
        : base($"{reason}: {message}", inner) => Reason = reason;

    /// <summary>Why verification failed.</summary>
    public CertificateVerificationError Reason { get; }
}
