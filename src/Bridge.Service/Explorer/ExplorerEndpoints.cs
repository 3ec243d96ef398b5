using Bridge.Service.Http;
using Bridge.Service.Store;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Service.Explorer;

/// <summary>
/// The explorer: server-rendered HTML under <c>/explorer</c> (the root redirects there), its stylesheet and proof
/// script embedded in the assembly and served from <c>/explorer/assets</c>, every page with a Content-Security-Policy
/// that allows only those. Pages read the store directly, a page at a time; none is in the OpenAPI description.
/// </summary>
internal static class ExplorerEndpoints
{
    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["explorer.css"] = "text/css; charset=utf-8",
        ["proof.js"] = "text/javascript; charset=utf-8",
    };

    public static void AddExplorer(this IServiceCollection services)
    {
        services.AddSingleton<ExplorerContext>();
        services.AddSingleton<BatchTreeCache>();
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect(ExplorerFormat.Root)).ExcludeFromDescription();
        var explorer = app.MapGroup(ExplorerFormat.Root).ExcludeFromDescription();

        explorer.MapGet("/", (IBridgeStore store, ExplorerContext context, CancellationToken ct) => BatchPages.OverviewAsync(store, context, ct));
        explorer.MapGet("/batches", (string? page, IBridgeStore store, CancellationToken ct) => BatchPages.ListAsync(page, store, ct));
        explorer.MapGet("/batches/{n}", (string n, string? from, IBridgeStore store, CancellationToken ct) => BatchPages.BatchAsync(n, from, store, ct));
        explorer.MapGet("/receipt", (string? provider, string? id, IBridgeStore store, CancellationToken ct) => ReceiptPages.ReceiptAsync(provider, id, store, ct));
        explorer.MapGet("/proof", (string? provider, string? id, IBridgeStore store, BatchTreeCache trees, CancellationToken ct) =>
            ReceiptPages.ProofAsync(provider, id, store, trees, ct));
        explorer.MapGet("/epochs", (string? page, IBridgeStore store, ExplorerContext context, CancellationToken ct) => EpochPages.ListAsync(page, store, context, ct));
        explorer.MapGet("/epochs/{e}", (string e, string? lines_from, string? after_provider, string? after_id, IBridgeStore store, ExplorerContext context,
            CancellationToken ct) => EpochPages.EpochAsync(e, lines_from, after_provider, after_id, store, context, ct));
        explorer.MapGet("/nodes/{provider}", (string provider, string? after, IBridgeStore store, CancellationToken ct) => NodePages.NodeAsync(provider, after, store, ct));
        explorer.MapGet("/accounts/{account}", (string account, IBridgeStore store, CancellationToken ct) => NodePages.AccountAsync(account, store, ct));
        explorer.MapGet("/search", SearchAsync);
        explorer.MapGet("/assets/{name}", (string name, HttpContext context) => Asset(name, context));
    }

    /// <summary>A batch number, a registered node's principal, or an account (a principal that is no node is an account).</summary>
    private static async Task<IResult> SearchAsync(string? q, IBridgeStore store, CancellationToken ct)
    {
        string text = (q ?? "").Trim();
        if (text.Length is 0 or > 200) return ExplorerPage.BadRequest("Search for a batch number, a node's principal or an ICRC-1 account.");
        if (text.All(char.IsAsciiDigit) && ExplorerQuery.TryNat(text, "batch number", 1, out long sequence, out _))
            return Results.Redirect(ExplorerFormat.BatchHref(sequence));
        if (Principal.TryParse(text, out var principal) && await store.GetNodeAsync(principal, ct) is not null)
            return Results.Redirect(ExplorerFormat.NodeHref(principal));
        if (Account.TryParse(text, out var account)) return Results.Redirect(ExplorerFormat.AccountHref(account));
        return ExplorerPage.NotFound($"Nothing matches '{text}': search for a batch number, a node's principal or an ICRC-1 account.");
    }

    private static IResult Asset(string name, HttpContext context)
    {
        if (!Assets.TryGetValue(name, out var contentType)) return ExplorerPage.NotFound($"There is no asset '{name}'.");
        var stream = typeof(ExplorerEndpoints).Assembly.GetManifestResourceStream("explorer/" + name)
            ?? throw new InvalidOperationException($"the explorer asset {name} is not embedded");
        ExplorerPage.SecurityHeaders(context.Response);
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Stream(stream, contentType);
    }
}
