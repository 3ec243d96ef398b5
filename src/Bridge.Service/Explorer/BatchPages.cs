using System.Numerics;
using Bridge.Service.Store;
using static Bridge.Service.Explorer.ExplorerFormat;

namespace Bridge.Service.Explorer;

/// <summary>The overview, the batch list (newest first, paged) and a batch's page (its header and its receipts, paged by leaf index).</summary>
internal static class BatchPages
{
    public const int BatchesPerPage = 50;
    public const int ReceiptsPerPage = 100;
    private const int ChartBatches = 60;

    public static async Task<IResult> OverviewAsync(IBridgeStore store, ExplorerContext context, CancellationToken ct)
    {
        var last = await store.GetLastBatchAsync(ct);
        long lastSequence = last?.Sequence ?? 0;
        var recent = lastSequence == 0 ? [] : await store.ListBatchesAsync(Math.Max(1, lastSequence - ChartBatches + 1), ChartBatches, ct);
        ulong currentEpoch = context.CurrentEpoch();
        long firstEpoch = Math.Max(1, (long)currentEpoch - 29);
        var settled = (await store.ListEpochsAsync(firstEpoch, 30, ct)).ToDictionary(e => e.Epoch);

        var body = new Html();
        body.Add(Layout.Cards(
            ("Batches", Number(lastSequence)),
            ("Receipts in the last batch", last is null ? "—" : Number(last.ReceiptCount)),
            ("Current epoch", Number((long)currentEpoch)),
            ("Network", context.NetworkId)));
        body.Add(SvgBarChart.Render("receipts-chart", $"Receipts per batch (one batch per {Duration(context.BatchIntervalNs)} interval), last {recent.Count} batches",
            "receipts", [.. recent.Select(b => ($"batch {b.Sequence}", new BigInteger(b.ReceiptCount)))]));
        var rewards = new List<(string, BigInteger)>();
        for (long e = firstEpoch; e <= (long)currentEpoch; e++) rewards.Add(($"epoch {e}", settled.TryGetValue(e, out var s) ? s.TotalPayout : BigInteger.Zero));
        body.Add(SvgBarChart.Render("rewards-chart", "Rewards paid out per epoch (open epochs show nothing yet)", "reward units", rewards));
        body.Add($"<h2>Latest batches</h2>\n");
        body.Add(BatchTable([.. recent.Reverse().Take(10)]));
        body.Add($"<p><a href=\"{Root}/batches\">All batches</a> · <a href=\"{Root}/epochs\">All epochs</a></p>\n");
        return ExplorerPage.Render("Overview", body.ToMarkup());
    }

    public static async Task<IResult> ListAsync(string? page, IBridgeStore store, CancellationToken ct)
    {
        if (!ExplorerQuery.TryPage(page, out long number, out var bad)) return bad!;
        long last = (await store.GetLastBatchAsync(ct))?.Sequence ?? 0;
        long pages = Math.Max(1, (last + BatchesPerPage - 1) / BatchesPerPage);
        if (number > pages) return ExplorerPage.NotFound($"There is no page {number} of batches: there are {pages}.");
        long high = last - (number - 1) * BatchesPerPage, low = Math.Max(1, high - BatchesPerPage + 1);
        var batches = high < 1 ? [] : await store.ListBatchesAsync(low, (int)(high - low + 1), ct);
        var pager = Layout.Pager("Batch pages", number > 1 ? $"{Root}/batches?page={number - 1}" : null, "Newer batches",
            number < pages ? $"{Root}/batches?page={number + 1}" : null, "Older batches", $"Page {number} of {pages}");
        var body = new Html();
        body.Add(pager).Add(BatchTable([.. batches.Reverse()])).Add(pager);
        return ExplorerPage.Render("Batches", body.ToMarkup());
    }

    public static async Task<IResult> BatchAsync(string n, string? from, IBridgeStore store, CancellationToken ct)
    {
        if (!ExplorerQuery.TryNat(n, "batch number", 1, out long sequence, out var bad)) return bad!;
        if (!ExplorerQuery.TryOptionalNat(from, "from", out long start, out bad)) return bad!;
        if (await store.GetBatchAsync(sequence, ct) is not { } batch) return ExplorerPage.NotFound($"There is no batch {sequence}.");
        var receipts = await store.GetBatchReceiptsAsync(sequence, start, ReceiptsPerPage, ct);

        var body = new Html();
        body.Add(Layout.Fields(
            ("Status", Badge(Status(batch.State))),
            ("Reject reason", batch.RejectReason is { } why ? Layout.Text(why) : Html.Of($"<span class=\"none\">—</span>")),
            ("Receipts", Layout.Text(Number(batch.ReceiptCount))),
            ("Total fees", Layout.Text(Number(batch.TotalFees))),
            ("Total GPU seconds", Layout.Text(Number(batch.TotalGpuSeconds))),
            ("Window start", Time(batch.WindowStartNs)),
            ("Window end (cut)", Time(batch.WindowEndNs)),
            ("Posted", Time(batch.PostedNs)),
            ("Final after", Time(batch.FinalAfterNs)),
            ("Time to final", Layout.Text(TimeToFinal(batch))),
            ("Root", Hex(batch.Root)),
            ("Previous root", Hex(batch.PreviousRoot))));
        body.Add($"<p>");
        if (sequence > 1) body.Add($"<a href=\"{BatchHref(sequence - 1)}\" rel=\"prev\">Batch {sequence - 1}</a> · ");
        body.Add($"<a href=\"{BatchHref(sequence + 1)}\" rel=\"next\">Batch {sequence + 1}</a> · <a href=\"/v1/batches/{sequence}/leaves\">Leaves (JSON)</a></p>\n");

        body.Add($"<h2 id=\"receipts\">Receipts</h2>\n");
        long pageEnd = Math.Min(batch.ReceiptCount, start + receipts.Count);
        var pager = Layout.Pager("Receipt pages",
            start > 0 ? $"{BatchHref(sequence)}?from={Math.Max(0, start - ReceiptsPerPage)}#receipts" : null, "Previous receipts",
            pageEnd < batch.ReceiptCount ? $"{BatchHref(sequence)}?from={start + ReceiptsPerPage}#receipts" : null, "Next receipts",
            receipts.Count == 0 ? "No receipts here" : $"Leaves {start} to {pageEnd - 1} of {Number(batch.ReceiptCount)}");
        body.Add(pager);
        var rows = new Html();
        foreach (var r in receipts)
        {
            var x = r.Receipt;
            rows.Add($"<tr><td class=\"num\">{r.LeafIndex}</td><td>{ReceiptLink(x.Provider, x.ReceiptId)}</td><td>{NodeLink(x.Provider)}</td><td>{x.Workload}</td><td>{x.GpuModel}</td><td class=\"num\">{Number(new BigInteger(x.GpuSeconds))}</td><td class=\"num\">{Number((BigInteger)x.FeeAmount)}</td><td>{(x.RequesterSignature is null ? "no" : "yes")}</td></tr>\n");
        }
        body.Add(Layout.Table($"Receipts of batch {sequence}",
            Html.Of($"<th scope=\"col\" class=\"num\">Leaf</th><th scope=\"col\">Receipt</th><th scope=\"col\">Provider</th><th scope=\"col\">Workload</th><th scope=\"col\">GPU</th><th scope=\"col\" class=\"num\">GPU s</th><th scope=\"col\" class=\"num\">Fee</th><th scope=\"col\">Countersigned</th>"),
            rows.ToMarkup(), "No receipts on this page."));
        body.Add(pager);
        return ExplorerPage.Render($"Batch {sequence}", body.ToMarkup());
    }

    public static Markup BatchTable(IReadOnlyList<StoredBatch> batches)
    {
        var rows = new Html();
        foreach (var b in batches)
            rows.Add($"<tr><td class=\"num\">{BatchLink(b.Sequence)}</td><td>{Badge(Status(b.State))}</td><td class=\"num\">{Number(b.ReceiptCount)}</td><td class=\"num\">{Number(b.TotalFees)}</td><td>{Time(b.PostedNs)}</td><td>{TimeToFinal(b)}</td></tr>\n");
        return Layout.Table("Batches",
            Html.Of($"<th scope=\"col\" class=\"num\">Batch</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Receipts</th><th scope=\"col\" class=\"num\">Total fees</th><th scope=\"col\">Posted</th><th scope=\"col\">Time to final</th>"),
            rows.ToMarkup(), "No batches yet.");
    }

    /// <summary>From the cut to finality on the canister, once final.</summary>
    private static string TimeToFinal(StoredBatch b) =>
        b.State == BatchState.Final && b.FinalAfterNs is { } final && final >= b.WindowEndNs ? Duration(final - b.WindowEndNs) : "—";
}
