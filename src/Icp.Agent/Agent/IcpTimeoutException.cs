using Icp.Agent.Hashing;

namespace Icp.Agent;

/// <summary>
/// A call's outcome was not known before its deadline (the ingress expiry, or the caller's limit). The call may still
/// have executed: poll <see cref="RequestId"/> later with <see cref="IcpAgent.RequestStatusAsync"/> to find out.
/// </summary>
public sealed class IcpTimeoutException : IcpAgentException
{
    /// <summary>A timeout of the call <paramref name="requestId"/>, last seen in <paramref name="lastStatus"/>.</summary>
    public IcpTimeoutException(RequestId requestId, string? lastStatus, DateTimeOffset deadline)
        : base(lastStatus is null
            ? $"no outcome for call {requestId} by {deadline:O}, and the IC shows no status for it: if the deadline is its ingress expiry, the call never ran (and no longer can), or it ran so long ago that its status was pruned"
            : $"no outcome for call {requestId} by {deadline:O} (last status: {lastStatus}); it may still finish: wait again on its request id")
    {
        RequestId = requestId;
        LastStatus = lastStatus;
        Deadline = deadline;
    }

    /// <summary>The call's request id.</summary>
    public RequestId RequestId { get; }

    /// <summary>The last status seen (<c>received</c>, <c>processing</c>), or null when the IC never reported one.</summary>
    public string? LastStatus { get; }

    /// <summary>The deadline that passed.</summary>
    public DateTimeOffset Deadline { get; }
}
