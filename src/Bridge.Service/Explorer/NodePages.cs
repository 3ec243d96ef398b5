using System.Numerics;
using Bridge.Service.Store;
using Icp.Candid;
using Icp.Ledger;
using static Bridge.Service.Explorer.ExplorerFormat;

namespace Bridge.Service.Explorer;

/// <summary>
/// A node's page (its registration, its receipts paged by receipt id, the batches that hold them, its owner's rewards
/// per epoch with payout blocks) and an account's rewards page.
/// </summary>
internal static class NodePages
{
    public const int ReceiptsPerPage = 100;
    private const int BatchesShown = 20;

    public static async Task<IResult> NodeAsync(string provider, string? after, IBridgeStore store, CancellationToken ct)
    {
        if (!Principal.TryParse(provider, out var principal)) return ExplorerPage.BadRequest($"'{provider}' is not a principal.");
        if (after is { Length: > 512 }) return ExplorerPage.BadRequest("after: a receipt id is at most 128 bytes.");
        if (await store.GetNodeSummaryAsync(principal, ct) is not { } summary) return ExplorerPage.NotFound($"No node {principal} is registered.");
        var owner = Account.Of(summary.Node.Owner);

        var body = new Html();
        body.Add(Layout.Fields(
            ("Provider", Html.Of($"<code class=\"id\">{principal.ToString()}</code>")),
            ("Owner (receives rewards)", AccountLink(owner)),
            ("Public key", Hex(summary.Node.PublicKey)),
            ("Registered", Time(summary.RegisteredNs)),
            ("Receipts", Layout.Text(Number(summary.Receipts))),
            ("In batches", Layout.Text(Number(summary.BatchedReceipts)))));
        body.Add($"<p><a href=\"/v1/nodes/{Query(principal.ToString())}\">This node in the JSON API</a></p>\n");

        body.Add($"<h2>Owner's rewards per epoch</h2>\n");
        var lines = await store.GetAccountLinesAsync(summary.Node.Owner.ToArray(), null, ct);
        body.Add(RewardsChart("node-rewards", $"Rewards of owner {owner} per epoch", lines));
        body.Add(LineTable($"Rewards of owner {owner}", lines));

        body.Add($"<h2>Batches holding its receipts</h2>\n");
        var batches = await store.GetNodeBatchesAsync(principal, BatchesShown, ct);
        var batchRows = new Html();
        foreach (var b in batches) batchRows.Add($"<tr><td class=\"num\">{BatchLink(b.Sequence)}</td><td class=\"num\">{Number(b.Receipts)}</td></tr>\n");
        body.Add(Layout.Table("Batches holding its receipts (newest first)",
            Html.Of($"<th scope=\"col\" class=\"num\">Batch</th><th scope=\"col\" class=\"num\">Its receipts</th>"), batchRows.ToMarkup(), "None of its receipts is in a batch yet."));

        body.Add($"<h2 id=\"receipts\">Receipts</h2>\n");
        var receipts = await store.GetNodeReceiptsAsync(principal, after, ReceiptsPerPage, ct);
        var pager = Layout.Pager("Receipt pages",
            after is not null ? $"{NodeHref(principal)}#receipts" : null, "First receipts",
            receipts.Count == ReceiptsPerPage ? $"{NodeHref(principal)}?after={Query(receipts[^1].Receipt.ReceiptId)}#receipts" : null, "Next receipts",
            after is null ? $"From the first of {Number(summary.Receipts)}, by receipt id" : $"After {Truncate(after)}, by receipt id");
        body.Add(pager);
        var rows = new Html();
        foreach (var r in receipts)
        {
            var x = r.Receipt;
            rows.Add($"<tr><td>{ReceiptLink(x.Provider, x.ReceiptId)}</td><td>{x.Workload}</td><td>{x.GpuModel}</td><td class=\"num\">{Number(new BigInteger(x.GpuSeconds))}</td><td class=\"num\">{Number((BigInteger)x.FeeAmount)}</td><td>{(r.Batch is { } s ? BatchLink(s) : Html.Of($"<span class=\"none\">—</span>"))}</td><td>{Time(r.AckedNs)}</td></tr>\n");
        }
        body.Add(Layout.Table($"Receipts of node {principal}",
            Html.Of($"<th scope=\"col\">Receipt</th><th scope=\"col\">Workload</th><th scope=\"col\">GPU</th><th scope=\"col\" class=\"num\">GPU s</th><th scope=\"col\" class=\"num\">Fee</th><th scope=\"col\">Batch</th><th scope=\"col\">Acknowledged</th>"),
            rows.ToMarkup(), "No receipts on this page."));
        body.Add(pager);
        return ExplorerPage.Render($"Node {principal}", body.ToMarkup());
    }

    public static async Task<IResult> AccountAsync(string account, IBridgeStore store, CancellationToken ct)
    {
        if (!Account.TryParse(account, out var parsed)) return ExplorerPage.BadRequest($"'{account}' is not an ICRC-1 account.");
        var lines = await store.GetAccountLinesAsync(parsed.Owner.ToArray(), parsed.IsDefaultSubaccount ? null : parsed.Subaccount, ct);
        var body = new Html();
        body.Add(Layout.Cards(("Epochs with rewards", Number(lines.Select(l => l.Epoch).Distinct().Count())),
            ("Total", Number(lines.Aggregate(BigInteger.Zero, (s, l) => s + l.Amount))),
            ("Paid", Number(lines.Where(l => l.Status == "paid").Aggregate(BigInteger.Zero, (s, l) => s + l.Amount)))));
        body.Add(RewardsChart("account-rewards", "Rewards per epoch", lines));
        body.Add(LineTable($"Rewards of {parsed}", lines));
        body.Add($"<p><a href=\"/v1/accounts/{Query(parsed.ToString())}/rewards\">These rewards in the JSON API</a></p>\n");
        return ExplorerPage.Render($"Account {parsed}", body.ToMarkup());
    }

    private static Markup RewardsChart(string id, string caption, IReadOnlyList<StoredLine> lines) =>
        SvgBarChart.Render(id, caption, "reward units",
            [.. lines.GroupBy(l => l.Epoch).OrderBy(g => g.Key).Select(g => ($"epoch {g.Key}", g.Aggregate(BigInteger.Zero, (s, l) => s + l.Amount)))]);

    private static Markup LineTable(string label, IReadOnlyList<StoredLine> lines)
    {
        var rows = new Html();
        foreach (var l in lines)
            rows.Add($"<tr><td class=\"num\">{EpochLink(l.Epoch)}</td><td class=\"num\">{Number(l.Amount)}</td><td>{Badge(l.Status)}</td><td class=\"num\">{(l.BlockIndex is { } b ? Number(b) : "—")}</td><td>{l.Reason ?? "—"}</td></tr>\n");
        return Layout.Table(label,
            Html.Of($"<th scope=\"col\" class=\"num\">Epoch</th><th scope=\"col\" class=\"num\">Amount</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Payout block</th><th scope=\"col\">Reason</th>"),
            rows.ToMarkup(), "No rewards yet.");
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
