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
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _certifiedChanged = new(StringComparer.Ordinal);
    private ulong _earliestExpiry = ulong.MaxValue;

    /// <summary>Sets a request's status.</summary>
    public void Set(string requestId, IngressStatus status)
    {
        _statuses[requestId] = status;
        if (!_ingress.ContainsKey(requestId)) return;
        Version++;
        _changed.Add(requestId);
        _certifiedChanged.Add(requestId);
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
        _earliestExpiry = Math.Min(_earliestExpiry, info.ExpiryNanos);
        Version++;
        _changed.Add(requestId);
        _certifiedChanged.Add(requestId);
    }

    /// <summary>The sender and receiver of an HTTP ingress message, if known.</summary>
    public IngressInfo? GetIngress(string requestId) => _ingress.GetValueOrDefault(requestId);

    /// <summary>The HTTP ingress messages with their statuses (what <c>/request_status</c> certifies).</summary>
    public IEnumerable<(string RequestId, IngressInfo Info, IngressStatus Status)> Ingress =>
        _ingress.Where(e => _statuses.ContainsKey(e.Key)).Select(e => (e.Key, e.Value, _statuses[e.Key]));

    /// <summary>
    /// The HTTP ingress messages registered or changed since the last call, with their statuses (what the state journal
    /// writes after a round); forgets the list.
    /// </summary>
    public List<(string RequestId, IngressInfo Info, IngressStatus Status)> TakeChanged()
    {
        var changed = new List<(string, IngressInfo, IngressStatus)>(_changed.Count);
        foreach (var id in _changed)
            if (_ingress.TryGetValue(id, out var info) && _statuses.TryGetValue(id, out var status)) changed.Add((id, info, status));
        _changed.Clear();
        return changed;
    }

    /// <summary>
    /// The HTTP ingress messages whose certified entry may have changed (registered, status set, or pruned) since the
    /// last call: what the state tree updates instead of rebuilding <c>/request_status</c>; forgets the list.
    /// </summary>
    public List<string> TakeCertifiedChanges()
    {
        var changed = _certifiedChanged.ToList();
        _certifiedChanged.Clear();
        return changed;
    }

    /// <summary>Forgets HTTP ingress messages whose expiry is more than <paramref name="keepAfterExpiry"/> before <paramref name="nowNanos"/>.</summary>
    public void Prune(ulong nowNanos, ulong keepAfterExpiry)
    {
        // Called for every certificate: nothing to scan until the earliest expiry is due.
        if (_ingress.Count == 0 || (_earliestExpiry <= ulong.MaxValue - keepAfterExpiry && _earliestExpiry + keepAfterExpiry >= nowNanos)) return;
        List<string>? old = null;
        ulong earliest = ulong.MaxValue;
        foreach (var (id, info) in _ingress)
        {
            if (info.ExpiryNanos + keepAfterExpiry < nowNanos) (old ??= []).Add(id);
            else earliest = Math.Min(earliest, info.ExpiryNanos);
        }
        _earliestExpiry = earliest;
        if (old is null) return;
        foreach (var id in old)
        {
            _ingress.Remove(id);
            _statuses.Remove(id);
            _changed.Remove(id);
            _certifiedChanged.Add(id);
        }
        Version++;
    }
}
