using System.Globalization;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Service.Intake;
using Bridge.Service.Store;
using Icp.Candid;

namespace Bridge.Service.Http;

/// <summary><c>POST /v1/receipts</c>, <c>POST /v1/receipts/batch</c> and <c>GET /v1/receipts/{provider}/{receipt_id}</c> (section 3).</summary>
internal static class ReceiptEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/v1/receipts", async Task<IResult> (HttpRequest request, ReceiptAdmission admission, CancellationToken ct) =>
        {
            var (body, problem) = await BoundedBody.ReadJsonAsync(request, ProtocolLimits.MaxBodyBytes, ct);
            if (problem is not null) return problem.ToResult();
            var outcome = await admission.AdmitAsync(body!, ct);
            if (outcome.Problem is { } refused)
            {
                if (outcome.RetryAfter is { } after)
                    request.HttpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return refused.ToResult();
            }
            var accepted = new ReceiptAccepted(JsonNat.Hex(outcome.ReceiptHash!), "accepted");
            return outcome.Status == StatusCodes.Status202Accepted ? TypedResults.Json(accepted, statusCode: 202) : TypedResults.Ok(accepted);
        }).WithName("SubmitReceipt").WithSummary("Submit a signed receipt; 202 once it is durable, 200 for the same receipt again")
          .DescribesJsonBody<ReceiptDocument>()
          .Produces<ReceiptAccepted>(StatusCodes.Status202Accepted).Produces<ReceiptAccepted>()
          .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
          .ProducesProblem(429).ProducesProblem(503);

        app.MapPost("/v1/receipts/batch", async Task<IResult> (HttpRequest request, ReceiptAdmission admission, CancellationToken ct) =>
        {
            var (body, problem) = await BoundedBody.ReadJsonAsync(request, ProtocolLimits.MaxBatchBodyBytes, ct);
            if (problem is not null) return problem.ToResult();
            IReadOnlyList<Range> ranges;
            try { ranges = ReceiptBatchBody.Split(body!); }
            catch (MalformedBodyException e) { return Problem.Malformed(e.Message).ToResult(); }
            var outcomes = await admission.AdmitAllAsync(ranges.Select(r => (ReadOnlyMemory<byte>)body!.AsMemory(r)).ToList(), ct);
            return TypedResults.Ok(outcomes.Select(o => new BatchItemResult(
                o.Status, o.ReceiptHash is { } h ? JsonNat.Hex(h) : null, o.Problem?.Code, o.Problem?.Detail)).ToList());
        }).WithName("SubmitReceipts").WithSummary("Submit 1–1,000 receipts; one result per item, in order, each standing alone")
          .DescribesJsonBody<List<ReceiptDocument>>()
          .Produces<List<BatchItemResult>>().ProducesProblem(400).ProducesProblem(413).ProducesProblem(415);

        // {**receipt_id}: an id may hold '/', sent as %2F (or bare); both arrive here and are read from the raw target.
        app.MapGet("/v1/receipts/{provider}/{**receipt_id}", async Task<IResult> (HttpContext context, IBridgeStore store, BatchTreeCache trees, CancellationToken ct) =>
        {
            var (provider, receiptId) = ReceiptPath.Read(context);
            if (!Principal.TryParse(provider, out var principal)) return Problem.Malformed($"provider: '{provider}' is not a principal").ToResult();
            var stored = await store.GetReceiptAsync(principal, receiptId, ct);
            if (stored is null) return Problem.NotFound($"receipt_id: provider {principal} has no receipt '{receiptId}'").ToResult();
            return TypedResults.Ok(await ReceiptStatusOf(stored, store, trees, ct));
        }).WithName("GetReceipt").WithSummary("A receipt's status and, once batched, its leaf and RFC 9162 inclusion proof (receipt_id percent-encoded; '/' as %2F)")
          .Produces<ReceiptStatusResponse>().ProducesProblem(400).ProducesProblem(404);
    }

    private static async Task<ReceiptStatusResponse> ReceiptStatusOf(StoredReceipt stored, IBridgeStore store, BatchTreeCache trees, CancellationToken ct)
    {
        string hash = JsonNat.Hex(stored.ReceiptHash);
        if (stored.Batch is not { } sequence || stored.LeafIndex is not { } index)
            return new ReceiptStatusResponse(hash, "accepted", null, null, null, null, null);
        var batch = await store.GetBatchAsync(sequence, ct);
        var leaf = await store.GetLeafAsync(sequence, index, ct);
        // The batch's tree is built once and kept (bounded), not rebuilt from all of its leaves per request.
        var tree = await trees.GetAsync(sequence, ct);
        if (batch is null || leaf is null || index >= tree.Size)
            throw new InvalidOperationException($"the store holds receipt {stored.Id} at leaf {index} of batch {sequence}, which it does not hold");
        string status = batch.State switch
        {
            BatchState.Final => "final",
            BatchState.Rejected => "rejected",
            _ => "batched",
        };
        return new ReceiptStatusResponse(hash, status, JsonNat.Of(sequence), JsonNat.Of(index), JsonNat.Of((long)tree.Size),
            JsonNat.Hex(leaf), tree.AuditPath((int)index).Select(JsonNat.Hex).ToList());
    }
}

/// <summary>The 200/202 body of <c>POST /v1/receipts</c>: the receipt's hash and <c>accepted</c>.</summary>
public sealed record ReceiptAccepted(string ReceiptHash, string Status);

/// <summary>One item's result in <c>POST /v1/receipts/batch</c>: its status, and its hash or problem code and detail.</summary>
public sealed record BatchItemResult(int Status, string? ReceiptHash, string? Code, string? Detail);

/// <summary>The answer of <c>GET /v1/receipts/{provider}/{receipt_id}</c>.</summary>
public sealed record ReceiptStatusResponse(
    string ReceiptHash, string Status, string? Batch, string? LeafIndex, string? TreeSize, string? Leaf, List<string>? Proof);

/// <summary>A receipt as sent (section 3), for the OpenAPI description; integers may also be JSON numbers.</summary>
public sealed record ReceiptDocument(
    string NetworkId, string ReceiptId, string TaskId, string Provider, string Requester, string? RequesterSubaccount,
    string Workload, string GpuModel, string GpuSeconds, string StartedAtNs, string EndedAtNs, string FeeToken, string FeeAmount,
    string? FeeBlock, string ResultHash, string ProviderSignature, string? RequesterPublicKey, string? RequesterSignature);
