using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Service.Configuration;
using Bridge.Service.Http;
using Bridge.Service.Logging;
using Bridge.Service.Store;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Intake;

/// <summary>
/// One receipt body through the rows of section 3 after 413 and 415: Core's parser (400) and decision (the table's
/// order, with the provider's registration and the stored receipt_hash looked up first), then, for a new receipt, the
/// intake queue and its durable write (202), 429 when the queue is full, 503 when the store fails. A write that finds
/// the receipt id already stored (a concurrent request) answers as the table does: 200 or 409.
/// </summary>
public sealed class ReceiptAdmission(IBridgeStore store, IntakeQueue queue, TimeProvider time, IOptions<BridgeOptions> bridge,
    IOptions<IntakeOptions> intake, BridgeMetrics metrics, ILogger<ReceiptAdmission> logger)
{
    /// <summary>Decides on a JSON body and, when it is new, stores it before answering.</summary>
    public async Task<ReceiptOutcome> AdmitAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var outcome = await DecideAndStoreAsync(body, ct);
        metrics.Receipt(outcome.Status, outcome.Problem?.Code);
        return outcome;
    }

    private async Task<ReceiptOutcome> DecideAndStoreAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        Receipt receipt;
        try { receipt = ReceiptParser.Parse(body.Span); }
        catch (MalformedBodyException e) { return ReceiptOutcome.Refused(new Problem(400, ProblemCodes.Malformed, e.Message)); }

        IntakeAnswer answer;
        try
        {
            var node = await store.GetNodeAsync(receipt.Provider, ct);
            var existing = await store.GetReceiptAsync(receipt.Provider, receipt.ReceiptId, ct);
            answer = ReceiptIntake.Decide(receipt, new ReceiptIntakeContext
            {
                NetworkId = bridge.Value.NetworkId,
                FindNode = p => p == receipt.Provider ? node : null,
                FindStoredReceiptHash = (p, id) => p == receipt.Provider && id == receipt.ReceiptId ? existing?.ReceiptHash : null,
                NowNs = JsonNat.Nanos(time.GetUtcNow()),
                MaxReceiptAgeNs = (ulong)intake.Value.MaxReceiptAge.Ticks * 100,
            });
        }
        catch (StoreUnavailableException e) { return ReceiptOutcome.Refused(Problem.Unavailable($"store: {e.Message}")); }

        if (answer.IsRepeat) return ReceiptOutcome.Acknowledged(200, answer.ReceiptHash!);
        if (!answer.IsAccepted) return ReceiptOutcome.Refused(new Problem(answer.Status, answer.Code!, answer.Detail!));

        var write = queue.TryEnqueue(receipt, answer.ReceiptHash!);
        if (write is null)
        {
            BridgeLog.IntakeFull(logger, queue.Capacity);
            return ReceiptOutcome.Refused(new Problem(429, ServiceProblemCodes.Overloaded,
                $"intake: {queue.Capacity} receipts are waiting to be stored; retry later"), intake.Value.RetryAfter);
        }
        IntakeWrite done;
        try { done = await write; }
        catch (StoreUnavailableException e) { return ReceiptOutcome.Refused(Problem.Unavailable($"store: {e.Message}")); }
        if (done.Created) return ReceiptOutcome.Acknowledged(202, answer.ReceiptHash!);
        // Another request stored this receipt id first, between our look-up and our write.
        return done.Stored.ReceiptHash.AsSpan().SequenceEqual(answer.ReceiptHash!)
            ? ReceiptOutcome.Acknowledged(200, answer.ReceiptHash!)
            : ReceiptOutcome.Refused(new Problem(409, ProblemCodes.ReceiptConflict,
                "field 'receipt_id': the provider already has this receipt_id with another receipt_hash"));
    }
}

/// <summary>The answer to one receipt: 202 or 200 with its hash, or a problem (with <c>Retry-After</c> for 429).</summary>
public sealed record ReceiptOutcome(int Status, byte[]? ReceiptHash, Problem? Problem, TimeSpan? RetryAfter)
{
    /// <summary>202 (stored now) or 200 (stored before): the receipt's hash.</summary>
    public static ReceiptOutcome Acknowledged(int status, byte[] hash) => new(status, hash, null, null);

    /// <summary>A refusal: nothing was stored.</summary>
    public static ReceiptOutcome Refused(Problem problem, TimeSpan? retryAfter = null) => new(problem.Status, null, problem, retryAfter);
}
