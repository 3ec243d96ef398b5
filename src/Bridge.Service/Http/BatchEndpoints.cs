using Bridge.Service.Store;

namespace Bridge.Service.Http;

/// <summary><c>GET /v1/batches</c>, <c>/v1/batches/{n}</c> and <c>/v1/batches/{n}/leaves</c> (section 4).</summary>
internal static class BatchEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/v1/batches", async Task<IResult> (string? from, string? limit, IBridgeStore store, CancellationToken ct) =>
        {
            if (!QueryValues.TryPage(from, limit, out long start, out int count, out var problem)) return problem!.ToResult();
            var batches = await store.ListBatchesAsync(start, count, ct);
            return TypedResults.Ok(batches.Select(BatchResponse.Of).ToList());
        }).WithName("ListBatches").WithSummary("Batch headers from a sequence on")
          .Produces<List<BatchResponse>>().ProducesProblem(StatusCodes.Status400BadRequest);

        app.MapGet("/v1/batches/{n}", async Task<IResult> (string n, IBridgeStore store, CancellationToken ct) =>
        {
            if (!QueryValues.TryNat(n, "n", 1, out long sequence, out var problem)) return problem!.ToResult();
            return await store.GetBatchAsync(sequence, ct) is { } batch
                ? TypedResults.Ok(BatchResponse.Of(batch))
                : Problem.NotFound($"n: no batch {sequence}").ToResult();
        }).WithName("GetBatch").WithSummary("A batch's header, status and posted time")
          .Produces<BatchResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/v1/batches/{n}/leaves", async Task<IResult> (string n, IBridgeStore store, CancellationToken ct) =>
        {
            if (!QueryValues.TryNat(n, "n", 1, out long sequence, out var problem)) return problem!.ToResult();
            if (await store.GetBatchAsync(sequence, ct) is null) return Problem.NotFound($"n: no batch {sequence}").ToResult();
            var leaves = await store.GetBatchLeavesAsync(sequence, ct);
            return TypedResults.Ok(new LeavesResponse(JsonNat.Of(sequence), leaves.Select(JsonNat.Hex).ToList()));
        }).WithName("GetBatchLeaves").WithSummary("A batch's leaf bytes in leaf order (hex)")
          .Produces<LeavesResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}

/// <summary>A batch as the API shows it: the header posted to the rollup canister, its status and times.</summary>
public sealed record BatchResponse(
    string Sequence, string PreviousRoot, string Root, string ReceiptCount, string TotalFees, string TotalGpuSeconds,
    string WindowStartNs, string WindowEndNs, string Status, string? PostedNs, string? FinalAfterNs, string? RejectReason)
{
    /// <summary>The response for a stored batch.</summary>
    public static BatchResponse Of(StoredBatch b) => new(
        JsonNat.Of(b.Sequence), JsonNat.Hex(b.PreviousRoot), JsonNat.Hex(b.Root), JsonNat.Of(b.ReceiptCount), JsonNat.Of(b.TotalFees),
        JsonNat.Of(b.TotalGpuSeconds), JsonNat.Of(b.WindowStartNs), JsonNat.Of(b.WindowEndNs), StatusOf(b.State),
        JsonNat.Of(b.PostedNs), JsonNat.Of(b.FinalAfterNs), b.RejectReason);

    /// <summary>The status text of a batch state: <c>cut</c> (not yet on the canister), <c>pending</c>, <c>final</c>, <c>rejected</c>.</summary>
    public static string StatusOf(BatchState state) => state switch
    {
        BatchState.Cut => "cut",
        BatchState.Posted => "pending",
        BatchState.Final => "final",
        _ => "rejected",
    };
}

/// <summary>A batch's leaves: the exact bytes the bridge hashed, in leaf order.</summary>
public sealed record LeavesResponse(string Sequence, List<string> Leaves);
