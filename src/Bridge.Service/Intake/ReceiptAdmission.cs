using System.Collections.Concurrent;
using Bridge.Core.Nodes;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Core.Signatures;
using Bridge.Service.Configuration;
using Bridge.Service.Http;
using Bridge.Service.Logging;
using Bridge.Service.Store;
using Icp.Candid;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Intake;

/// <summary>
/// Receipt bodies through the rows of section 3 after 413 and 415: Core's parser (400) and decision (the table's
/// order), then, for a new receipt, the intake queue and its durable write (202), 429 when the queue is full, 503 when
/// the store fails. The signature checks of a batch run on all cores; its receipts then go to the queue in their
/// order, so the writer commits them together and the first of two items with one receipt_id is the one stored.
/// </summary>
/// <remarks>
/// The decision first runs without the stored receipt: a receipt that passes every row is queued, and the writer's
/// insert finds a receipt_id already stored (before, or by a concurrent request) and answers as the table does, 200
/// or 409. Only a refusal from a row after 409/200 (self_dealing, invalid_times, future_dated, too_old), and a full
/// queue, look the stored receipt up, because the stored receipt answers first there. So a new receipt costs no read
/// of the receipts table, and a registered node no read at all after its first receipt: registrations never change
/// (a second registration of a key stores nothing), so the nodes found are kept, up to
/// <see cref="MaxCachedNodes"/>.
/// </remarks>
public sealed class ReceiptAdmission(IBridgeStore store, IntakeQueue queue, TimeProvider time, IOptions<BridgeOptions> bridge,
    IOptions<IntakeOptions> intake, BridgeMetrics metrics, ILogger<ReceiptAdmission> logger)
{
    /// <summary>The most registered nodes kept in memory; past it, nodes not yet kept are read from the store each time.</summary>
    public const int MaxCachedNodes = 100_000;

    private readonly ConcurrentDictionary<Principal, RegisteredNode> _nodes = new();
    private readonly BridgePublicKeyCache _keys = new();

    /// <summary>Decides on a JSON body and, when it is new, stores it before answering.</summary>
    public async Task<ReceiptOutcome> AdmitAsync(ReadOnlyMemory<byte> body, CancellationToken ct) => (await AdmitAllAsync([body], ct))[0];

    /// <summary>Decides on each body on its own (one outcome per body, in order) and stores the new ones in one go.</summary>
    public async Task<ReceiptOutcome[]> AdmitAllAsync(IReadOnlyList<ReadOnlyMemory<byte>> bodies, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        var decisions = new Decision[bodies.Count];
        await DecideAllAsync(bodies, decisions, ct);

        var outcomes = new ReceiptOutcome[bodies.Count];
        var writes = new Task<IntakeWrite>?[bodies.Count];
        for (int i = 0; i < decisions.Length; i++)
        {
            var d = decisions[i];
            if (d.Outcome is { } decided) outcomes[i] = decided;
            else if ((writes[i] = queue.TryEnqueue(d.Receipt!, d.Hash!)) is null) outcomes[i] = await QueueFullAsync(d.Receipt!, d.Hash!, ct);
        }
        for (int i = 0; i < writes.Length; i++)
            if (writes[i] is { } write) outcomes[i] = await WrittenAsync(write, decisions[i].Hash!);
        CountOutcomes(outcomes);
        return outcomes;
    }

    /// <summary>
    /// Decides on every body, on up to one worker per core: each worker takes the next undecided item until none is
    /// left, so a batch costs one thread-pool work item per core rather than one per receipt, and a slow item does not
    /// hold up the others' share. The caller's thread is one of the workers.
    /// </summary>
    private async Task DecideAllAsync(IReadOnlyList<ReadOnlyMemory<byte>> bodies, Decision[] decisions, CancellationToken ct)
    {
        int workers = Math.Min(Environment.ProcessorCount, bodies.Count);
        if (workers <= 1)
        {
            for (int i = 0; i < bodies.Count; i++) decisions[i] = await DecideAsync(bodies[i], ct);
            return;
        }
        int next = -1;
        async Task WorkAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count)
            {
                ct.ThrowIfCancellationRequested();
                decisions[i] = await DecideAsync(bodies[i], ct);
            }
        }
        var others = new Task[workers - 1];
        for (int w = 0; w < others.Length; w++) others[w] = Task.Run(WorkAsync, ct);
        try { await WorkAsync(); }
        finally { await Task.WhenAll(others); }
    }

    /// <summary>The metrics of a request's outcomes: one counter update per run of equal outcomes, not one per receipt.</summary>
    private void CountOutcomes(ReceiptOutcome[] outcomes)
    {
        int run = 0;
        for (int i = 0; i < outcomes.Length; i++)
        {
            run++;
            var o = outcomes[i];
            if (i + 1 < outcomes.Length && outcomes[i + 1].Status == o.Status && outcomes[i + 1].Problem?.Code == o.Problem?.Code) continue;
            metrics.Receipts(o.Status, o.Problem?.Code, run);
            run = 0;
        }
    }

    /// <summary>A receipt to queue (with its hash), or the final outcome.</summary>
    private readonly record struct Decision(Receipt? Receipt, byte[]? Hash, ReceiptOutcome? Outcome);

    private async ValueTask<Decision> DecideAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        Receipt receipt;
        try { receipt = ReceiptParser.Parse(body.Span); }
        catch (MalformedBodyException e) { return new(null, null, ReceiptOutcome.Refused(new Problem(400, ProblemCodes.Malformed, e.Message))); }
        try
        {
            var node = await FindNodeAsync(receipt.Provider, ct);
            var answer = ReceiptIntake.Decide(receipt, Context(receipt, node, null));
            if (!answer.IsAccepted && IsAfterStoredRow(answer.Code)
                && await store.GetReceiptAsync(receipt.Provider, receipt.ReceiptId, ct) is { } existing)
                answer = ReceiptIntake.Decide(receipt, Context(receipt, node, existing.ReceiptHash));
            if (answer.IsAccepted) return new(receipt, answer.ReceiptHash, null);
            if (answer.IsRepeat) return new(null, null, ReceiptOutcome.Acknowledged(200, answer.ReceiptHash!));
            return new(null, null, ReceiptOutcome.Refused(new Problem(answer.Status, answer.Code!, answer.Detail!)));
        }
        catch (StoreUnavailableException e) { return new(null, null, ReceiptOutcome.Refused(Problem.Unavailable($"store: {e.Message}"))); }
    }

    private static bool IsAfterStoredRow(string? code) =>
        code is ProblemCodes.SelfDealing or ProblemCodes.InvalidTimes or ProblemCodes.FutureDated or ProblemCodes.TooOld;

    private ReceiptIntakeContext Context(Receipt receipt, RegisteredNode? node, byte[]? storedHash) => new()
    {
        NetworkId = bridge.Value.NetworkId,
        Keys = _keys,
        FindNode = p => p == receipt.Provider ? node : null,
        FindStoredReceiptHash = (p, id) => p == receipt.Provider && id == receipt.ReceiptId ? storedHash : null,
        NowNs = JsonNat.Nanos(time.GetUtcNow()),
        MaxReceiptAgeNs = (ulong)intake.Value.MaxReceiptAge.Ticks * 100,
    };

    private async ValueTask<RegisteredNode?> FindNodeAsync(Principal provider, CancellationToken ct)
    {
        if (_nodes.TryGetValue(provider, out var kept)) return kept;
        var node = await store.GetNodeAsync(provider, ct);
        if (node is not null && _nodes.Count < MaxCachedNodes) _nodes.TryAdd(provider, node);
        return node;
    }

    /// <summary>The queue is full: a receipt already stored still gets its 200 (or 409), as the table puts those first.</summary>
    private async Task<ReceiptOutcome> QueueFullAsync(Receipt receipt, byte[] hash, CancellationToken ct)
    {
        try
        {
            if (await store.GetReceiptAsync(receipt.Provider, receipt.ReceiptId, ct) is { } existing) return Repeat(existing, hash);
        }
        catch (StoreUnavailableException e) { return ReceiptOutcome.Refused(Problem.Unavailable($"store: {e.Message}")); }
        BridgeLog.IntakeFull(logger, queue.Capacity);
        return ReceiptOutcome.Refused(new Problem(429, ServiceProblemCodes.Overloaded,
            $"intake: {queue.Capacity} receipts are waiting to be stored; retry later"), intake.Value.RetryAfter);
    }

    private static async Task<ReceiptOutcome> WrittenAsync(Task<IntakeWrite> write, byte[] hash)
    {
        IntakeWrite done;
        try { done = await write; }
        catch (StoreUnavailableException e) { return ReceiptOutcome.Refused(Problem.Unavailable($"store: {e.Message}")); }
        // Not created: this receipt_id was stored before, or by another request between our decision and our write.
        return done.Created ? ReceiptOutcome.Acknowledged(202, hash) : Repeat(done.Stored, hash);
    }

    private static ReceiptOutcome Repeat(StoredReceipt stored, byte[] hash) => stored.ReceiptHash.AsSpan().SequenceEqual(hash)
        ? ReceiptOutcome.Acknowledged(200, hash)
        : ReceiptOutcome.Refused(new Problem(409, ProblemCodes.ReceiptConflict,
            "field 'receipt_id': the provider already has this receipt_id with another receipt_hash"));
}

/// <summary>The answer to one receipt: 202 or 200 with its hash, or a problem (with <c>Retry-After</c> for 429).</summary>
public sealed record ReceiptOutcome(int Status, byte[]? ReceiptHash, Problem? Problem, TimeSpan? RetryAfter)
{
    /// <summary>202 (stored now) or 200 (stored before): the receipt's hash.</summary>
    public static ReceiptOutcome Acknowledged(int status, byte[] hash) => new(status, hash, null, null);

    /// <summary>A refusal: nothing was stored.</summary>
    public static ReceiptOutcome Refused(Problem problem, TimeSpan? retryAfter = null) => new(problem.Status, null, problem, retryAfter);
}
