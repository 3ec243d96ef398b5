using System.Numerics;
using Bridge.Core.Rewards;
using Bridge.Service.Store;
using Icp.Candid;
using static Bridge.Service.Explorer.ExplorerFormat;

namespace Bridge.Service.Explorer;

/// <summary>
/// The epoch list (newest first, paged) and an epoch's page: its window, batches, schedule budget, what was paid and
/// held, its lines (paged by index) and ineligible receipts (paged by provider and receipt id) with their reasons.
/// An epoch the settler has not stored is <c>open</c>; a stored one shows the state it has (settled, posted, paid).
/// </summary>
internal static class EpochPages
{
    public const int EpochsPerPage = 50;
    public const int RowsPerPage = 100;

    public static async Task<IResult> ListAsync(string? page, IBridgeStore store, ExplorerContext context, CancellationToken ct)
    {
        if (!ExplorerQuery.TryPage(page, out long number, out var bad)) return bad!;
        long current = (long)context.CurrentEpoch();
        long pages = Math.Max(1, (current + EpochsPerPage - 1) / EpochsPerPage);
        if (number > pages) return ExplorerPage.NotFound($"There is no page {number} of epochs: there are {pages}.");
        long high = current - (number - 1) * EpochsPerPage, low = Math.Max(1, high - EpochsPerPage + 1);
        var stored = high < 1 ? [] : (await store.ListEpochsAsync(low, (int)(high - low + 1), ct)).ToDictionary(e => e.Epoch);
        var calendar = context.Calendar;
        // One query for the page's whole span first: a page of open epochs without batches (the usual older pages)
        // then costs one indexed read instead of one per epoch.
        bool anyBatch = high >= 1 && await store.GetBatchRangeAsync(Clamp(calendar.StartNs((ulong)low)), Clamp(calendar.EndNs((ulong)high)), ct) is not null;

        var rows = new Html();
        var chart = new List<(string, BigInteger)>();
        for (long e = high; e >= low && e >= 1; e--)
        {
            stored.TryGetValue(e, out var s);
            (long First, long Last)? range = s is null ? anyBatch ? await store.GetBatchRangeAsync(Clamp(calendar.StartNs((ulong)e)), Clamp(calendar.EndNs((ulong)e)), ct) : null
                : s.LastBatch >= s.FirstBatch ? (s.FirstBatch, s.LastBatch) : null;
            rows.Add($"<tr><td class=\"num\">{EpochLink(e)}</td><td>{Badge(s?.State ?? "open")}</td><td>{Time(Clamp(calendar.StartNs((ulong)e)))}</td><td>{Time(Clamp(calendar.EndNs((ulong)e)))}</td><td>{BatchRange(range)}</td><td class=\"num\">{(s is null ? "—" : Number(s.TotalPayout))}</td></tr>\n");
            chart.Insert(0, ($"epoch {e}", s?.TotalPayout ?? BigInteger.Zero));
        }
        var pager = Layout.Pager("Epoch pages", number > 1 ? $"{Root}/epochs?page={number - 1}" : null, "Newer epochs",
            number < pages ? $"{Root}/epochs?page={number + 1}" : null, "Older epochs", $"Page {number} of {pages}");
        var body = new Html();
        body.Add(SvgBarChart.Render("epoch-rewards", "Rewards per epoch on this page", "reward units", chart));
        body.Add(pager);
        body.Add(Layout.Table("Epochs",
            Html.Of($"<th scope=\"col\" class=\"num\">Epoch</th><th scope=\"col\">State</th><th scope=\"col\">Starts</th><th scope=\"col\">Ends</th><th scope=\"col\">Batches</th><th scope=\"col\" class=\"num\">Total payout</th>"),
            rows.ToMarkup(), "No epoch has begun."));
        body.Add(pager);
        return ExplorerPage.Render("Epochs", body.ToMarkup());
    }

    public static async Task<IResult> EpochAsync(string e, string? linesFrom, string? afterProvider, string? afterId, IBridgeStore store, ExplorerContext context,
        CancellationToken ct)
    {
        if (!ExplorerQuery.TryNat(e, "epoch", 1, out long epoch, out var bad)) return bad!;
        if (!ExplorerQuery.TryOptionalNat(linesFrom, "lines_from", out long lineStart, out bad)) return bad!;
        Principal? after = null;
        if (afterProvider is not null)
        {
            if (!Principal.TryParse(afterProvider, out var p)) return ExplorerPage.BadRequest($"after_provider '{afterProvider}' is not a principal.");
            after = p;
        }
        if ((ulong)epoch > context.CurrentEpoch()) return ExplorerPage.NotFound($"Epoch {epoch} has not begun.");
        var calendar = context.Calendar;
        ulong start = Clamp(calendar.StartNs((ulong)epoch)), end = Clamp(calendar.EndNs((ulong)epoch));
        var settled = await store.GetEpochAsync(epoch, ct);
        (long First, long Last)? range = settled is null ? await store.GetBatchRangeAsync(start, end, ct)
            : settled.LastBatch >= settled.FirstBatch ? (settled.FirstBatch, settled.LastBatch) : null;

        int period = RewardSchedule.PeriodOfEpoch((ulong)epoch, context.FirstPeriodEpochs);
        var emission = RewardSchedule.Emission(period, context.EmissionPerEpoch);
        BigInteger marketplace = RewardSchedule.MarketplaceBudget(emission), compute = RewardSchedule.ComputeBudget(emission);
        var totals = settled is null ? [] : await store.GetLineTotalsAsync(epoch, ct);
        BigInteger Sum(string status) => totals.Where(t => t.Status == status).Aggregate(BigInteger.Zero, (s, t) => s + t.Amount);

        var body = new Html();
        body.Add(Layout.Cards(
            ("State", settled?.State ?? "open"),
            ("Budget (marketplace + compute)", Number(marketplace + compute)),
            ("Total payout", settled is null ? "—" : Number(settled.TotalPayout)),
            ("Paid", settled is null ? "—" : Number(Sum("paid"))),
            ("Held", settled is null ? "—" : Number(Sum("held")))));
        body.Add(Layout.Fields(
            ("State", Badge(settled?.State ?? "open")),
            ("Starts", Time(start)),
            ("Ends", Time(end)),
            ("Batches", BatchRange(range)),
            ("Decay period", Layout.Text(Number(period))),
            ("Emission E(n)", Layout.Text(Number(emission))),
            ("Marketplace budget M(n)", Layout.Text(Number(marketplace))),
            ("Compute budget C(n)", Layout.Text(Number(compute))),
            ("Pending", Layout.Text(settled is null ? "—" : Number(Sum("pending")))),
            ("Distribution root", Hex(settled?.DistributionRoot))));
        body.Add($"<p><a href=\"/v1/epochs/{epoch}\">This epoch in the JSON API</a></p>\n");
        if (settled is null)
        {
            body.Add($"<p class=\"note\">This epoch is open: it is settled once no later batch can end in it and all of its batches are final or rejected. Its lines and ineligible receipts appear then.</p>\n");
            return ExplorerPage.Render($"Epoch {epoch}", body.ToMarkup());
        }

        body.Add($"<h2 id=\"lines\">Lines</h2>\n");
        long lineCount = totals.Sum(t => t.Lines);
        var lines = await store.GetLinesPageAsync(epoch, lineStart, RowsPerPage, ct);
        var linePager = Layout.Pager("Line pages",
            lineStart > 0 ? $"{EpochHref(epoch)}?lines_from={Math.Max(0, lineStart - RowsPerPage)}#lines" : null, "Previous lines",
            lines.Count == RowsPerPage ? $"{EpochHref(epoch)}?lines_from={lines[^1].Index + 1}#lines" : null, "Next lines",
            lines.Count == 0 ? $"{Number(lineCount)} lines" : $"Lines {lines[0].Index} to {lines[^1].Index} of {Number(lineCount)}");
        body.Add(linePager);
        var rows = new Html();
        foreach (var l in lines)
            rows.Add($"<tr><td class=\"num\">{l.Index}</td><td>{AccountLink(AccountOf(l.Owner, l.Subaccount))}</td><td class=\"num\">{Number(l.Amount)}</td><td>{Badge(l.Status)}</td><td class=\"num\">{(l.BlockIndex is { } b ? Number(b) : "—")}</td><td>{l.Reason ?? "—"}</td><td>{Hex(l.LineHash)}</td></tr>\n");
        body.Add(Layout.Table($"Lines of epoch {epoch}",
            Html.Of($"<th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Account</th><th scope=\"col\" class=\"num\">Amount</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Payout block</th><th scope=\"col\">Reason</th><th scope=\"col\">line_hash</th>"),
            rows.ToMarkup(), "This epoch has no lines."));

        body.Add($"<h2 id=\"ineligible\">Ineligible receipts</h2>\n");
        var reasons = await store.CountIneligibleAsync(epoch, ct);
        if (reasons.Count > 0)
        {
            body.Add($"<ul>\n");
            foreach (var reason in reasons) body.Add($"<li><code>{reason.Reason}</code>: {Number(reason.Receipts)}</li>\n");
            body.Add($"</ul>\n");
        }
        var ineligible = await store.GetIneligiblePageAsync(epoch, after?.ToArray(), after is null ? null : afterId ?? "", RowsPerPage, ct);
        var next = ineligible.Count == RowsPerPage ? ineligible[^1] : null;
        body.Add(Layout.Pager("Ineligible receipt pages",
            after is not null ? $"{EpochHref(epoch)}#ineligible" : null, "First ineligible receipts",
            next is null ? null : $"{EpochHref(epoch)}?after_provider={Query(Principal.FromBytes(next.Provider).ToString())}&after_id={Query(next.ReceiptId)}#ineligible",
            "Next ineligible receipts", $"{Number(reasons.Sum(r => r.Receipts))} ineligible receipts"));
        var ineligibleRows = new Html();
        foreach (var i in ineligible)
        {
            var provider = Principal.FromBytes(i.Provider);
            ineligibleRows.Add($"<tr><td>{NodeLink(provider)}</td><td>{ReceiptLink(provider, i.ReceiptId)}</td><td><code>{i.Reason}</code></td></tr>\n");
        }
        body.Add(Layout.Table($"Ineligible receipts of epoch {epoch}",
            Html.Of($"<th scope=\"col\">Provider</th><th scope=\"col\">Receipt</th><th scope=\"col\">Reason</th>"), ineligibleRows.ToMarkup(), "Every receipt of this epoch was eligible."));
        return ExplorerPage.Render($"Epoch {epoch}", body.ToMarkup());
    }

    private static Markup BatchRange((long First, long Last)? range) => range is { } r
        ? r.First == r.Last ? BatchLink(r.First) : Html.Of($"{BatchLink(r.First)} to {BatchLink(r.Last)}")
        : Html.Of($"<span class=\"none\">none</span>");

    private static ulong Clamp(UInt128 ns) => ns > ulong.MaxValue ? ulong.MaxValue : (ulong)ns;
}
