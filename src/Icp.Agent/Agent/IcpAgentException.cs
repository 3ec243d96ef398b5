namespace Icp.Agent;

/// <summary>
/// The base of the errors an <see cref="IcpAgent"/> raises about a request: an HTTP failure, a timeout, a dropped outcome,
/// or a response that breaks the protocol. (A reject is a <see cref="Icp.Candid.CallRejectedException"/>, as from every
/// transport; invalid certificates raise
/// <see cref="Certification.CertificateVerificationException"/> instead.)
/// </summary>
public class IcpAgentException : Exception
{
    /// <summary>An error with a message.</summary>
    public IcpAgentException(string message) : base(message) { }

    /// <summary>An error with a message and a cause.</summary>
    public IcpAgentException(string message, Exception inner) : base(message, inner) { }
}
