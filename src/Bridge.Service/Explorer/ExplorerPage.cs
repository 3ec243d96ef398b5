namespace Bridge.Service.Explorer;

/// <summary>
/// The page shell: language, title, one stylesheet and (on the proof page) one script, both from
/// <c>/explorer/assets</c>; a skip link, the site navigation with a search form, then the page's own main content.
/// </summary>
internal static class ExplorerPage
{
    /// <summary>Only our own stylesheet and script; no inline script or style; images are inline SVG.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IResult Render(string title, Markup body, int status = StatusCodes.Status200OK, bool proofScript = false)
    {
        var page = new Html();
        page.Add($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Bridge explorer</title>
            <link rel="stylesheet" href="{ExplorerFormat.Root}/assets/explorer.css">
            """);
        if (proofScript) page.Add($"<script src=\"{ExplorerFormat.Root}/assets/proof.js\" defer></script>\n");
        page.Add($"""
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="site">
            <nav aria-label="Explorer">
            <a class="brand" href="{ExplorerFormat.Root}">Bridge explorer</a>
            <ul>
            <li><a href="{ExplorerFormat.Root}/batches">Batches</a></li>
            <li><a href="{ExplorerFormat.Root}/epochs">Epochs</a></li>
            <li><a href="/openapi/v1.json">API</a></li>
            </ul>
            </nav>
            <form class="search" role="search" method="get" action="{ExplorerFormat.Root}/search">
            <label for="q">Batch, node or account</label>
            <input id="q" name="q" type="search" required maxlength="200" autocomplete="off">
            <button type="submit">Find</button>
            </form>
            </header>
            <main id="main" tabindex="-1">
            <h1>{title}</h1>
            {body}
            </main>
            <footer class="site"><p>Served by the bridge. Every value here is also in its JSON API (<a href="/openapi/v1.json">OpenAPI</a>).</p></footer>
            </body>
            </html>
            """);
        return new PageResult(page.ToString(), status);
    }

    public static IResult NotFound(string what) => Render("Not found", Html.Of($"<p>{what}</p>"), StatusCodes.Status404NotFound);

    public static IResult BadRequest(string what) => Render("Bad request", Html.Of($"<p>{what}</p>"), StatusCodes.Status400BadRequest);

    /// <summary>An HTML page with the explorer's security headers.</summary>
    private sealed class PageResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            SecurityHeaders(response);
            response.Headers.CacheControl = "no-store";
            return response.WriteAsync(html, context.RequestAborted);
        }
    }

    public static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
