using Bridge.Client.Json;
using Bridge.Client.Models;
using Bridge.Core.Nodes;
using Bridge.Core.Receipts;

namespace Bridge.Client.Http;

public sealed partial class BridgeClient
{
    /// <summary>The most receipts <c>POST /v1/receipts/batch</c> takes in one request.</summary>
    public const int MaxReceiptsPerRequest = 1000;

    /// <summary><c>POST /v1/nodes</c>: registers a signed node key (see <see cref="Signing.NodeRegistrations.Sign"/>).</summary>
    /// <exception cref="BridgeProblemException">Refused: <c>node_owner_conflict</c>, <c>wrong_network</c>, <c>bad_signature</c>, <c>malformed</c>, …</exception>
    public async Task<NodeRegistrationResult> RegisterNodeAsync(NodeRegistration registration, CancellationToken ct = default)
    {
        var answer = await SendWithRetriesAsync(HttpMethod.Post, "v1/nodes", BridgeJson.Registration(registration), ct).ConfigureAwait(false);
        return ModelReader.Registered(Expect(answer, 201, 200), answer.Code == 201);
    }

    /// <summary>
    /// <c>POST /v1/receipts</c>: submits one signed (and possibly countersigned) receipt. 202 and 200 (the same receipt
    /// again) are acknowledgements; 429 and 503 are retried after <c>Retry-After</c>.
    /// </summary>
    /// <exception cref="BridgeProblemException">Refused (400, 409, 413, 415, 422), or still 429/503 after the retries.</exception>
    public async Task<ReceiptAcknowledgement> SubmitReceiptAsync(Receipt receipt, CancellationToken ct = default)
    {
        var answer = await SendWithRetriesAsync(HttpMethod.Post, "v1/receipts", BridgeJson.Receipt(receipt), ct).ConfigureAwait(false);
        return ModelReader.Acknowledgement(Expect(answer, 202, 200), answer.Code == 202);
    }

    /// <summary>
    /// <c>POST /v1/receipts/batch</c>: submits receipts in requests of up to <see cref="MaxReceiptsPerRequest"/>; one
    /// result per receipt, in order, each standing alone. Items the bridge answered 429 or 503 are sent again (alone
    /// with the others of their kind) after a backoff, up to the retry limit; their last answer is the result.
    /// </summary>
    /// <exception cref="BridgeProblemException">A whole request was refused (malformed, too large), or still 429/503 after the retries.</exception>
    public async Task<IReadOnlyList<ReceiptSubmission>> SubmitReceiptsAsync(IReadOnlyList<Receipt> receipts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        var results = new ReceiptSubmission[receipts.Count];
        var pending = Enumerable.Range(0, receipts.Count).ToList();
        for (int attempt = 0; pending.Count > 0; attempt++)
        {
            for (int start = 0; start < pending.Count; start += MaxReceiptsPerRequest)
            {
                var chunk = pending.GetRange(start, Math.Min(MaxReceiptsPerRequest, pending.Count - start));
                var body = BridgeJson.ReceiptArray(chunk.Select(i => receipts[i]));
                var answer = await SendWithRetriesAsync(HttpMethod.Post, "v1/receipts/batch", body, ct).ConfigureAwait(false);
                var items = ResponseReader.Items(Expect(answer, 200), "results", ModelReader.Submission);
                if (items.Count != chunk.Count)
                    throw new BridgeResponseException($"the bridge answered {items.Count} results for {chunk.Count} receipts");
                for (int i = 0; i < chunk.Count; i++) results[chunk[i]] = items[i];
            }
            pending = pending.Where(i => IsRetryable(results[i].Status)).ToList();
            if (pending.Count == 0 || attempt >= _options.MaxRetries) break;
            await Task.Delay(RetryDelay(null, attempt), _time, ct).ConfigureAwait(false);
        }
        return results;
    }
}
