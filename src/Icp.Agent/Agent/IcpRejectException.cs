using Icp.Agent.Hashing;
using Icp.Agent.Requests;

namespace Icp.Agent;

/// <summary>
/// The IC rejected a call or query: before execution (e.g. <c>canister_inspect_message</c>, a stopped or frozen
/// canister) or by the canister itself (an explicit reject or a trap).
/// </summary>
public sealed class IcpRejectException : IcpAgentException
{
    /// <summary>A rejection of the request <paramref name="requestId"/>.</summary>
    public IcpRejectException(Rejection rejection, RequestId? requestId = null)
        : base(Describe(rejection ?? throw new ArgumentNullException(nameof(rejection)), requestId))
    {
        Rejection = rejection;
        RequestId = requestId;
    }

    /// <summary>The rejection as the IC reported it.</summary>
    public Rejection Rejection { get; }

    /// <summary>The reject code (the canister can set the message, never the code of an explicit reject: that is always 4).</summary>
    public RejectCode RejectCode => Rejection.Code;

    /// <summary>The reject message.</summary>
    public string RejectMessage => Rejection.Message;

    /// <summary>The implementation's error code (e.g. <c>IC0503</c>), when given.</summary>
    public string? ErrorCode => Rejection.ErrorCode;

    /// <summary>The id of the rejected request, when known.</summary>
    public RequestId? RequestId { get; }

    private static string Describe(Rejection r, RequestId? id) =>
        $"the request{(id is { } i ? " " + i : "")} was rejected: code {(ulong)r.Code} ({r.Code}){(r.ErrorCode is null ? "" : ", error " + r.ErrorCode)}: {r.Message}";
}
