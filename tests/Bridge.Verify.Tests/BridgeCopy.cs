using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Bridge.Verify.Tests;

/// <summary>
/// A copy of a bridge's answers: requests go to <paramref name="upstream"/> (the real bridge) unless a path is answered
/// from <see cref="Answers"/>; JSON answers pass through <see cref="Tamper"/>, where a test injects its change.
/// </summary>
internal sealed class BridgeCopy(Uri? upstream) : HttpMessageHandler
{
    private readonly HttpClient? _upstream = upstream is null ? null : new HttpClient { BaseAddress = upstream };

    /// <summary>Answers by path and query (<c>/v1/epochs/1</c>); null is 404.</summary>
    public Dictionary<string, JsonNode?> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>Changes an answer: (path and query, JSON) → JSON.</summary>
    public Func<string, JsonNode, JsonNode>? Tamper { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        string path = request.RequestUri!.PathAndQuery;
        JsonNode? json;
        HttpStatusCode status = HttpStatusCode.OK;
        if (Answers.TryGetValue(path, out var answer) || Answers.TryGetValue(request.RequestUri.AbsolutePath, out answer))
        {
            json = answer?.DeepClone();
            if (json is null) status = HttpStatusCode.NotFound;
        }
        else if (_upstream is null) { json = null; status = HttpStatusCode.NotFound; }
        else
        {
            using var response = await _upstream.GetAsync(path, ct);
            string body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK) return new HttpResponseMessage(response.StatusCode) { Content = new StringContent(body, Encoding.UTF8, "application/problem+json") };
            json = JsonNode.Parse(body);
        }
        if (json is null) return new HttpResponseMessage(status) { Content = new StringContent("{\"code\":\"not_found\"}", Encoding.UTF8, "application/problem+json") };
        if (Tamper is not null) json = Tamper(path, json);
        return new HttpResponseMessage(status) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json") };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _upstream?.Dispose();
        base.Dispose(disposing);
    }
}
