using Icp.Agent.Hashing;

namespace Icp.Agent;

/// <summary>
/// A call's status is <c>done</c>: it ran, but the IC dropped its reply or reject, which can no longer be read (the
/// outcome must be learned another way, for example by querying the canister).
/// </summary>
public sealed class IcpCallDoneException : IcpAgentException
{
    /// <summary>The call <paramref name="requestId"/> is done.</summary>
    public IcpCallDoneException(RequestId requestId)
        : base($"call {requestId} is done: it ran, but its outcome was dropped and can no longer be read") =>
        RequestId = requestId;

    /// <summary>The call's request id.</summary>
    public RequestId RequestId { get; }
}
