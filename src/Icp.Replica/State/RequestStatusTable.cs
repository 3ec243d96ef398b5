namespace Icp.Replica.State;

/// <summary>The lifecycle of a request submitted from outside (the spec's request status).</summary>
public enum RequestState
{
    /// <summary>Accepted, not yet executed.</summary>
    Received,
    /// <summary>Being executed.</summary>
    Processing,
    /// <summary>Answered with a reply.</summary>
    Replied,
    /// <summary>Answered with a reject.</summary>
    Rejected,
    /// <summary>The answer was pruned.</summary>
    Done,
}

/// <summary>A request's status and, once answered, its response.</summary>
/// <param name="State">Where the request is.</param>
/// <param name="Response">The reply or reject, when answered.</param>
internal sealed record RequestStatus(RequestState State, Response? Response);

/// <summary>
/// Request statuses keyed by request id, the table the HTTP interface's <c>read_state</c> of
/// <c>/request_status/&lt;id&gt;</c> will serve (in-process calls use a counter as the id).
/// </summary>
internal sealed class RequestStatusTable
{
    private readonly Dictionary<string, RequestStatus> _statuses = new(StringComparer.Ordinal);

    /// <summary>Sets a request's status.</summary>
    public void Set(string requestId, RequestStatus status) => _statuses[requestId] = status;

    /// <summary>A request's status, if known.</summary>
    public RequestStatus? Get(string requestId) => _statuses.GetValueOrDefault(requestId);

    /// <summary>Number of requests known.</summary>
    public int Count => _statuses.Count;
}
