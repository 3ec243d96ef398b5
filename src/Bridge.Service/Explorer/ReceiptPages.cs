using System.Numerics;
using Bridge.Core.Leaves;
using Bridge.Service.Http;
using Bridge.Service.Store;
using Icp.Candid;
using static Bridge.Service.Explorer.ExplorerFormat;

namespace Bridge.Service.Explorer;

/// <summary>
/// A receipt's page (its status and, once batched, its leaf's fields decoded from the exact bytes the bridge hashed) and
/// its proof page (the audit path, checked in the browser by <c>proof.js</c> against the batch header's root and receipt_count).
/// </summary>
internal static class ReceiptPages
{
    public static async Task<IResult> ReceiptAsync(string? provider, string? id, IBridgeStore store, CancellationToken ct)
    {
        var (stored, batch, bad) = await FindAsync(provider, id, store, ct);
        if (bad is not null) return bad;
        var r = stored!.Receipt;
        var body = new Html();
        body.Add(Layout.Fields(
            ("Status", Badge(StatusOf(stored, batch))),
            ("Receipt hash", Hex(stored.ReceiptHash)),
            ("Provider", NodeLink(r.Provider)),
            ("Acknowledged", Time(stored.AckedNs)),
            ("Batch", stored.Batch is { } s ? BatchLink(s) : Html.Of($"<span class=\"none\">not yet batched</span>")),
            ("Leaf index", stored.LeafIndex is { } i ? Layout.Text(Number(i)) : Html.Of($"<span class=\"none\">—</span>"))));
        if (stored.Batch is { } sequence && stored.LeafIndex is { } index)
        {
            body.Add($"<p><a href=\"{ProofHref(r.Provider, r.ReceiptId)}\">Check its inclusion proof</a></p>\n");
            body.Add($"<h2>Leaf fields</h2>\n<p class=\"note\">Decoded from the leaf bytes in batch {sequence}, as the rollup canister reads them (Candid <code>ReceiptLeaf</code>).</p>\n");
            var leaf = await store.GetLeafAsync(sequence, index, ct);
            body.Add(leaf is null ? Html.Of($"<p>The leaf is missing from the store.</p>\n") : LeafFields(leaf));
        }
        else
        {
            body.Add($"<h2>Receipt fields</h2>\n<p class=\"note\">As received; its leaf exists once a batch is cut.</p>\n");
            body.Add(Layout.Fields(
                ("Network", Layout.Text(r.NetworkId)), ("Receipt id", Layout.Text(r.ReceiptId)), ("Task id", Layout.Text(r.TaskId)),
                ("Requester", AccountLink(new Icp.Ledger.Account(r.Requester, r.RequesterSubaccount))),
                ("Workload", Layout.Text(r.Workload)), ("GPU model", Layout.Text(r.GpuModel)),
                ("GPU seconds", Layout.Text(Number(new BigInteger(r.GpuSeconds)))), ("Started", Time(r.StartedAtNs)), ("Ended", Time(r.EndedAtNs)),
                ("Fee token", Html.Of($"<code class=\"id\">{r.FeeToken.ToString()}</code>")), ("Fee amount", Layout.Text(Number((BigInteger)r.FeeAmount))),
                ("Fee block", Layout.Text(r.FeeBlock is { } fb ? Number(new BigInteger(fb)) : "—")), ("Result hash", Hex(r.ResultHash)),
                ("Countersigned", Layout.Text(r.RequesterSignature is null ? "no" : "yes"))));
        }
        body.Add($"<p><a href=\"/v1/receipts/{Query(r.Provider.ToString())}/{Query(r.ReceiptId)}\">This receipt in the JSON API</a></p>\n");
        return ExplorerPage.Render($"Receipt {r.ReceiptId}", body.ToMarkup());
    }

    public static async Task<IResult> ProofAsync(string? provider, string? id, IBridgeStore store, BatchTreeCache trees, CancellationToken ct)
    {
        var (stored, batch, bad) = await FindAsync(provider, id, store, ct);
        if (bad is not null) return bad;
        var r = stored!.Receipt;
        if (stored.Batch is not { } sequence || stored.LeafIndex is not { } index || batch is null)
            return ExplorerPage.Render($"Proof of receipt {r.ReceiptId}",
                Html.Of($"<p>This receipt is in no batch yet, so it has no proof. <a href=\"{ReceiptHref(r.Provider, r.ReceiptId)}\">Back to the receipt</a></p>\n"));
        var leaf = await store.GetLeafAsync(sequence, index, ct);
        var tree = await trees.GetAsync(sequence, ct);
        if (leaf is null || index >= tree.Size) return ExplorerPage.NotFound($"Leaf {index} of batch {sequence} is missing from the store.");
        var path = tree.AuditPath((int)index);

        var body = new Html();
        body.Add($"<p>An RFC 9162 inclusion proof: hashing the leaf (SHA-256 of 0x00 and the leaf bytes), then each node of the path in turn (SHA-256 of 0x01, left, right), must give the root of <a href=\"{BatchHref(sequence)}\">batch {sequence}</a>'s header for a tree of its receipt_count. Your browser checks it below with WebCrypto.</p>\n");
        body.Add($"<div id=\"proof-data\" data-leaf=\"{Convert.ToHexStringLower(leaf)}\" data-index=\"{index}\" data-size=\"{batch.ReceiptCount}\" data-root=\"{Convert.ToHexStringLower(batch.Root)}\">\n");
        body.Add(Layout.Fields(
            ("Receipt", ReceiptLink(r.Provider, r.ReceiptId)),
            ("Batch", BatchLink(sequence)),
            ("Leaf index", Layout.Text(Number(index))),
            ("Tree size (receipt_count)", Layout.Text(Number(batch.ReceiptCount))),
            ("Header root", Hex(batch.Root)),
            ("Leaf bytes", Html.Of($"<details><summary>{leaf.Length} bytes</summary>{Hex(leaf)}</details>"))));
        body.Add($"<h2>Audit path</h2>\n");
        if (path.Length == 0) body.Add($"<p class=\"none\">Empty: the leaf is the whole tree.</p>\n");
        body.Add($"<ol id=\"proof-path\" class=\"path\">\n");
        foreach (var node in path) body.Add($"<li><code class=\"hex proof-node\">{Convert.ToHexStringLower(node)}</code></li>\n");
        body.Add($"</ol>\n</div>\n");
        body.Add($"<h2>Check</h2>\n<p id=\"proof-result\" class=\"proof-result\" role=\"status\" aria-live=\"polite\">This check needs JavaScript.</p>\n<p><button id=\"check-proof\" type=\"button\">Check the proof again</button></p>\n");
        return ExplorerPage.Render($"Proof of receipt {r.ReceiptId}", body.ToMarkup(), proofScript: true);
    }

    private static Markup LeafFields(byte[] bytes)
    {
        ReceiptLeaf leaf;
        try { leaf = ReceiptLeafCodec.Decode(bytes); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Html.Of($"<p>The leaf bytes do not decode as a ReceiptLeaf: {e.Message}</p>\n");
        }
        Markup requester;
        try { requester = AccountLink(new Icp.Ledger.Account(leaf.Requester.Owner, leaf.Requester.Subaccount)); }
        catch (ArgumentException) { requester = Html.Of($"<code class=\"id\">{leaf.Requester.Owner.ToString()}</code> {Hex(leaf.Requester.Subaccount)}"); }
        return Layout.Fields(
            ("network_id", Layout.Text(leaf.NetworkId)), ("receipt_id", Layout.Text(leaf.ReceiptId)), ("task_id", Layout.Text(leaf.TaskId)),
            ("provider", NodeLink(leaf.Provider)), ("provider_owner", AccountLink(new Icp.Ledger.Account(leaf.ProviderOwner))),
            ("provider_public_key", Hex(leaf.ProviderPublicKey)), ("requester", requester),
            ("requester_public_key", Hex(leaf.RequesterPublicKey)), ("workload", Layout.Text(leaf.Workload)), ("gpu_model", Layout.Text(leaf.GpuModel)),
            ("gpu_seconds", Layout.Text(Number(new BigInteger(leaf.GpuSeconds)))), ("started_at_ns", Time(leaf.StartedAtNs)), ("ended_at_ns", Time(leaf.EndedAtNs)),
            ("fee_token", Html.Of($"<code class=\"id\">{leaf.FeeToken.ToString()}</code>")), ("fee_amount", Layout.Text(Number(leaf.FeeAmount))),
            ("fee_block", Layout.Text(leaf.FeeBlock is { } fb ? Number((BigInteger)fb) : "—")), ("result_hash", Hex(leaf.ResultHash)),
            ("receipt_hash", Hex(leaf.ReceiptHash)), ("provider_signature", Hex(leaf.ProviderSignature)), ("requester_signature", Hex(leaf.RequesterSignature)));
    }

    private static string StatusOf(StoredReceipt stored, StoredBatch? batch) => stored.Batch is null ? "accepted" : batch?.State switch
    {
        BatchState.Final => "final",
        BatchState.Rejected => "rejected",
        _ => "batched",
    };

    private static async Task<(StoredReceipt? Receipt, StoredBatch? Batch, IResult? Bad)> FindAsync(string? provider, string? id, IBridgeStore store, CancellationToken ct)
    {
        if (!Principal.TryParse(provider, out var principal)) return (null, null, ExplorerPage.BadRequest($"The provider '{provider}' is not a principal."));
        if (string.IsNullOrEmpty(id) || id.Length > 512) return (null, null, ExplorerPage.BadRequest("A receipt id of 1 to 128 bytes is needed."));
        var stored = await store.GetReceiptAsync(principal, id, ct);
        if (stored is null) return (null, null, ExplorerPage.NotFound($"Provider {principal} has no receipt '{id}'."));
        var batch = stored.Batch is { } s ? await store.GetBatchAsync(s, ct) : null;
        return (stored, batch, null);
    }
}
