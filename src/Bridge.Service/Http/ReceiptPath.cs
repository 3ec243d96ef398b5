using Microsoft.AspNetCore.Http.Features;

namespace Bridge.Service.Http;

/// <summary>
/// The provider and receipt_id of <c>GET /v1/receipts/{provider}/{receipt_id}</c>, percent-decoded from the request's raw
/// target. The server decodes every escape of the path except <c>%2F</c>, so the decoded path cannot tell an id's
/// <c>/</c> (sent as <c>%2F</c>) from a literal <c>%2F</c> in an id (sent as <c>%252F</c>); the raw target can.
/// An id sent with a bare <c>/</c> is read the same (everything after the provider's segment is the id).
/// </summary>
internal static class ReceiptPath
{
    private const string Prefix = "/v1/receipts/";

    /// <summary>The two values (an escape that is no UTF-8 stays as sent, and then matches no receipt).</summary>
    public static (string Provider, string ReceiptId) Read(HttpContext context)
    {
        string raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        int query = raw.IndexOfAny(['?', '#']);
        if (query >= 0) raw = raw[..query];
        int start = raw.IndexOf(Prefix, StringComparison.OrdinalIgnoreCase);
        int slash = start < 0 ? -1 : raw.IndexOf('/', start + Prefix.Length);
        if (slash < 0)
        {
            // No raw target in this form (an absolute-form request or a host without one): the routed values.
            return (context.Request.RouteValues["provider"] as string ?? "", context.Request.RouteValues["receipt_id"] as string ?? "");
        }
        return (Uri.UnescapeDataString(raw[(start + Prefix.Length)..slash]), Uri.UnescapeDataString(raw[(slash + 1)..]));
    }
}
