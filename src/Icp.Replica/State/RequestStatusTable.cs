using Icp.Candid;

namespace Icp.Replica.State;

/// <summary>The lifecycle of a request submitted from outside (the spec's request status).</summary>
internal enum RequestState
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
internal sealed record IngressStatus(RequestState State, Response? Response);

/// <summary>Who sent an HTTP ingress message and to whom: what read_state checks before revealing its status.</summary>
/// <param name="Sender">The sender (only it may read the status).</param>
/// <param name="Receiver">The canister called.</param>
/// <param name="ExpiryNanos">The ingress expiry; the status is kept until some time after it.</param>
internal sealed record IngressInfo(Principal Sender, Principal Receiver, ulong ExpiryNanos);

/// <summary>
/// Request statuses keyed by request id (lower-case hex): the HTTP interface's 32-byte request ids, which the
/// certified state tree shows under <c>/request_status</c>, and the counters in-process calls use (not certified).
/// </summary>
internal sealed class RequestStatusTable
{
    private readonly Dictionary<string, IngressStatus> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IngressInfo> _ingress = new(StringComparer.Ordinal);

    /// <summary>Sets a request's status.</summary>
    public void Set(string requestId, IngressStatus status)
    {
        _statuses[requestId] = status;
        if (_ingress.ContainsKey(requestId)) Version++;
    }

    /// <summary>A request's status, if known.</summary>
    public IngressStatus? Get(string requestId) => _statuses.GetValueOrDefault(requestId);

    /// <summary>Number of requests known.</summary>
    public int Count => _statuses.Count;

    /// <summary>Increases whenever the status of an HTTP ingress message changes (the certified part).</summary>
    public long Version { get; private set; }

    /// <summary>Records who sent an HTTP ingress message (before its status is first set).</summary>
    public void Register(string requestId, IngressInfo info)
    {
        _ingress[requestId] = info;
        Version++;
    }

    /// <summary>The sender and receiver of an HTTP ingress message, if known.</summary>
    public IngressInfo? GetIngress(string requestId) => _ingress.GetValueOrDefault(requestId);

    /// <summary>The HTTP ingress messages with their statuses (what <c>/request_status</c> certifies).</summary>
    public IEnumerable<(string RequestId, IngressInfo Info, IngressStatus Status)> Ingress =>
        _ingress.Where(e => _statuses.ContainsKey(e.Key)).Select(e => (e.Key, e.Value, _statuses[e.Key]));

    /// <summary>Forgets HTTP ingress messages whose expiry is more than <paramref name="keepAfterExpiry"/> before <paramref name="nowNanos"/>.</summary>
    public void Prune(ulong nowNanos, ulong keepAfterExpiry)
    {
        List<string>? old = null;
        foreach (var (id, info) in _ingress)
            if (info.ExpiryNanos + keepAfterExpiry < nowNanos) (old ??= []).Add(id);
        if (old is null) return;
        foreach (var id in old)
        {
            _ingress.Remove(id);
            _statuses.Remove(id);
        }
        Version++;
    }
}
