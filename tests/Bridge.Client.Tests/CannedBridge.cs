using System.Net;
using System.Text;

namespace Bridge.Client.Tests;

/// <summary>An HTTP handler that answers from a queue of canned answers and records what it was sent.</summary>
internal sealed class CannedBridge : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _answers = new();

    public List<(HttpMethod Method, string Path, string? ContentType, string? Body)> Requests { get; } = [];

    public CannedBridge Answer(HttpStatusCode status, string body, string mediaType = "application/json", TimeSpan? retryAfter = null)
    {
        _answers.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
            if (retryAfter is { } after) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
            return response;
        });
        return this;
    }

    public CannedBridge Problem(int status, string code, string detail, TimeSpan? retryAfter = null) =>
        Answer((HttpStatusCode)status, $$"""{"type":"about:blank","status":{{status}},"code":"{{code}}","detail":"{{detail}}"}""", "application/problem+json", retryAfter);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!.PathAndQuery, request.Content?.Headers.ContentType?.ToString(), body));
        if (_answers.Count == 0) throw new InvalidOperationException($"no canned answer left for {request.Method} {request.RequestUri}");
        return _answers.Dequeue()();
    }
}
