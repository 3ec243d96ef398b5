using System.Collections.Concurrent;

namespace Icp.Replica;

/// <summary>
/// Group commit: update calls that arrive while a round runs wait for the next round and run in it together. The round
/// is journaled once (one fsync for all of them, before any of their answers leaves), and each call's answer is then
/// made from the state after the whole round, so the certificates of one round share one state tree and one BLS
/// signature. Messages still run one at a time, in arrival order. Certificates are made the same way: requests for
/// one that arrive while one is being signed wait and are served together from one state, with one signature (which
/// agents verify once: they remember a signature that verified).
/// </summary>
public sealed partial class LocalReplica
{
    private readonly Lock _certifyLock = new();
    private List<(IReadOnlyList<byte[]>[] Paths, TaskCompletionSource<byte[]> Done)> _certifyQueue = [];
    private bool _certifying;

    /// <summary>
    /// A certificate of <paramref name="paths"/> of the state now or a little later (never earlier: whatever the caller
    /// saw done is in it), shared with the other requests of its batch.
    /// </summary>
    internal Task<byte[]> CertifyTogetherAsync(IReadOnlyList<byte[]>[] paths)
    {
        var done = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_certifyLock)
        {
            _certifyQueue.Add((paths, done));
            start = !_certifying;
            _certifying = true;
        }
        if (start) _ = Task.Run(CertifyQueuedAsync);
        return done.Task;
    }

    private async Task CertifyQueuedAsync()
    {
        while (true)
        {
            List<(IReadOnlyList<byte[]>[] Paths, TaskCompletionSource<byte[]> Done)>? batch = null;
            try
            {
                // The batch is taken under the replica's lock, not before waiting for it: requests queued by the rounds
                // that ran meanwhile join it, so a stream of calls costs fewer signatures (and agents fewer checks).
                var witnesses = await RunAsync(core =>
                {
                    batch = TakeCertifyQueue();
                    return Certifier.WithOneTree(() => batch.Select(b => Certifier.Witness(core, b.Paths)).ToList());
                }, CancellationToken.None).ConfigureAwait(false);
                // One state, one root: the certifier signs it once.
                for (int i = 0; i < batch!.Count; i++) batch[i].Done.TrySetResult(Certifier.Certify(witnesses[i]));
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch ?? TakeCertifyQueue()) done.TrySetException(e);
            }
            lock (_certifyLock)
            {
                if (_certifyQueue.Count == 0)
                {
                    _certifying = false;
                    return;
                }
            }
        }
    }

    private List<(IReadOnlyList<byte[]>[] Paths, TaskCompletionSource<byte[]> Done)> TakeCertifyQueue()
    {
        lock (_certifyLock)
        {
            var batch = _certifyQueue;
            _certifyQueue = [];
            return batch;
        }
    }

    private readonly ConcurrentQueue<IRoundWork> _roundWork = new();

    /// <summary>Work waiting for the next round (tests watch it).</summary>
    internal int QueuedRoundWork => _roundWork.Count;

    private interface IRoundWork
    {
        /// <summary>Claims the work for a round; false when its caller withdrew it.</summary>
        bool TryTake();

        void Execute(ReplicaCore core);

        void Finish(ReplicaCore core);

        void Fail(Exception error);
    }

    private sealed class RoundWork<T, TResult>(Func<ReplicaCore, T> execute, Func<ReplicaCore, T, TResult> finish) : IRoundWork
    {
        private T? _value;
        private Exception? _error;
        private int _state; // 0 queued, 1 taken by a round, 2 withdrawn by its caller

        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

        public void Execute(ReplicaCore core)
        {
            try { _value = execute(core); }
            catch (Exception e) { _error = e; }
        }

        public void Finish(ReplicaCore core)
        {
            if (_error is not null) { Done.TrySetException(_error); return; }
            try { Done.TrySetResult(finish(core, _value!)); }
            catch (Exception e) { Done.TrySetException(e); }
        }

        public void Fail(Exception error) => Done.TrySetException(error);
    }

    /// <summary>
    /// Runs <paramref name="execute"/> in the next round, with whatever else callers queued meanwhile; after the round is
    /// journaled, runs <paramref name="finish"/> on the state the whole round left (still under the lock).
    /// </summary>
    internal async Task<TResult> RunInRoundAsync<T, TResult>(Func<ReplicaCore, T> execute, Func<ReplicaCore, T, TResult> finish, CancellationToken cancellationToken)
    {
        var work = new RoundWork<T, TResult>(execute, finish);
        _roundWork.Enqueue(work);
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (work.TryWithdraw())
        {
            throw; // never ran, and no round will run it
        }
        catch (OperationCanceledException)
        {
            return await work.Done.Task.ConfigureAwait(false); // a round already took it: its outcome stands
        }
        try
        {
            if (!work.Done.Task.IsCompleted) RunQueuedRound();
        }
        finally
        {
            _gate.Release();
        }
        return await work.Done.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// When the replica is idle (its lock free at once), runs <paramref name="execute"/> in a round on the calling thread
    /// and returns the finished outcome; null when it is busy (the caller then queues through
    /// <see cref="RunInRoundAsync"/>). Anything queued meanwhile joins the round, as with <see cref="RunInRoundAsync"/>.
    /// </summary>
    internal Task<TResult>? TryRunInRoundNow<T, TResult>(Func<ReplicaCore, T> execute, Func<ReplicaCore, T, TResult> finish, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || !_gate.Wait(0)) return null;
        try
        {
            if (_roundWork.IsEmpty) return RunAlone(execute, finish);
            var work = new RoundWork<T, TResult>(execute, finish);
            _roundWork.Enqueue(work);
            RunQueuedRound();
            return work.Done.Task;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A round of one piece of work that nobody else queued for (call under the lock): what <see cref="RunQueuedRound"/>
    /// does for it, without the queue, the work item and its completion source (the in-process caller's usual case).
    /// </summary>
    private Task<TResult> RunAlone<T, TResult>(Func<ReplicaCore, T> execute, Func<ReplicaCore, T, TResult> finish)
    {
        T value;
        Exception? error = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_liveTime) SyncClock();
            Interlocked.Increment(ref _certifiedHeight);
            try
            {
                try { value = execute(_core); }
                catch (Exception e) { error = e; value = default!; }
            }
            finally
            {
                Persist();
            }
        }
        catch (Exception e)
        {
            return Task.FromException<TResult>(e);
        }
        if (error is not null) return Task.FromException<TResult>(error);
        return Certifier.WithOneTree(() =>
        {
            try { return Task.FromResult(finish(_core, value)); }
            catch (Exception e) { return Task.FromException<TResult>(e); }
        });
    }

    /// <summary>Runs everything queued as one round (call under the lock).</summary>
    private void RunQueuedRound()
    {
        var round = new List<IRoundWork>();
        while (_roundWork.TryDequeue(out var work))
            if (work.TryTake()) round.Add(work);
        if (round.Count == 0) return;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_liveTime) SyncClock();
            Interlocked.Increment(ref _certifiedHeight);
            try
            {
                foreach (var work in round) work.Execute(_core);
            }
            finally
            {
                Persist();
            }
        }
        catch (Exception e)
        {
            foreach (var work in round) work.Fail(e);
            return;
        }
        Certifier.WithOneTree(() =>
        {
            foreach (var work in round) work.Finish(_core);
        });
    }
}
