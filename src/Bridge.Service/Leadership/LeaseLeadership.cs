using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Leadership;

/// <summary>
/// Keeps the active role's lease in a shared store: tries to take it, renews it every third of
/// <c>Leadership:LeaseDuration</c> while held, and steps down when another instance holds it or when a renewal has
/// not succeeded by the time the last one lapses (by this machine's monotonic clock, counted from when that renewal
/// was sent, so never later than the database sees it lapse). Stepping down cancels the term's token, which stops the
/// active workers; the store's fencing refuses any write of theirs that is still under way. On shutdown it releases
/// the lease so another instance takes over at once.
/// </summary>
public sealed class LeaseLeadership : BackgroundService, ILeadership
{
    private readonly ILeaseStore _store;
    private readonly TimeSpan _duration;
    private readonly ILogger<LeaseLeadership> _logger;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _term;
    private TaskCompletionSource _termStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _token;
    private long _validUntil;

    /// <summary>Leadership over <paramref name="store"/>'s lease.</summary>
    public LeaseLeadership(ILeaseStore store, IOptions<LeadershipOptions> options, ILogger<LeaseLeadership> logger)
    {
        _store = store;
        _duration = options.Value.LeaseDuration;
        _logger = logger;
        Holder = options.Value.InstanceId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This instance's holder id in the lease row.</summary>
    public string Holder { get; }

    /// <inheritdoc />
    public bool IsLeader
    {
        get { lock (_gate) return _term is not null; }
    }

    /// <inheritdoc />
    public long Token
    {
        get { lock (_gate) return _token; }
    }

    /// <inheritdoc />
    public async Task<CancellationToken> WaitForLeadershipAsync(CancellationToken ct)
    {
        while (true)
        {
            Task started;
            lock (_gate)
            {
                if (_term is { } term) return term.Token;
                started = _termStarted.Task;
            }
            await started.WaitAsync(ct);
        }
    }

    /// <summary>One round: take or renew the lease, or step down. Returns whether this instance is leader afterwards.</summary>
    internal async Task<bool> RenewOnceAsync(CancellationToken ct)
    {
        long sent = Stopwatch.GetTimestamp();
        try
        {
            var grant = await _store.TryAcquireLeaseAsync(Holder, _duration, ct);
            if (grant is null) StepDown("another instance holds the lease");
            else Hold(grant.Token, sent + (long)(_duration.TotalSeconds * Stopwatch.Frequency));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LeadershipLog.RenewFailed(_logger, e.Message, e);
            if (Stopwatch.GetTimestamp() >= Interlocked.Read(ref _validUntil)) StepDown("the lease could not be renewed before it lapsed");
        }
        return IsLeader;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var renewEvery = _duration / 3;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RenewOnceAsync(stoppingToken);
                var delay = renewEvery;
                if (IsLeader)
                {
                    // Wake at the latest when the lease lapses, to step down even if the store hangs.
                    var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Interlocked.Read(ref _validUntil));
                    if (left < delay) delay = left > TimeSpan.Zero ? left : TimeSpan.Zero;
                }
                await Task.Delay(delay, stoppingToken);
                if (IsLeader && Stopwatch.GetTimestamp() >= Interlocked.Read(ref _validUntil)) StepDown("the lease lapsed before it was renewed");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            bool held = IsLeader;
            StepDown("the service is stopping");
            if (held)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try { await _store.ReleaseLeaseAsync(Holder, timeout.Token); }
                catch (Exception e) { LeadershipLog.RenewFailed(_logger, "release: " + e.Message, e); }
            }
        }
    }

    private void Hold(long token, long validUntil)
    {
        Interlocked.Exchange(ref _validUntil, validUntil);
        lock (_gate)
        {
            if (_term is not null && _token == token) return;
            // A new token while leader means the lease lapsed and was taken again: the old term's writes are fenced off.
            EndTerm();
            _term = new CancellationTokenSource();
            _token = token;
            _termStarted.TrySetResult();
        }
        LeadershipLog.Acquired(_logger, Holder, token);
    }

    private void StepDown(string why)
    {
        long token;
        lock (_gate)
        {
            if (_term is null) return;
            token = _token;
            EndTerm();
        }
        LeadershipLog.Lost(_logger, Holder, token, why);
    }

    private void EndTerm()
    {
        if (_term is null) return;
        _term.Cancel();
        _term.Dispose();
        _term = null;
        _token = 0;
        if (_termStarted.Task.IsCompleted) _termStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
