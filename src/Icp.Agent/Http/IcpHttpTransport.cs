using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Icp.Agent.Http;

/// <summary>
/// Sends requests to the replica and retries transient failures: 5xx, 429 (honouring <c>Retry-After</c>), no response,
/// and attempts that exceed the per-attempt timeout. Every request body the agent sends is safe to repeat: queries and
/// read_state have no effect, and a call sent again with the same envelope has the same request id, which the IC
/// executes at most once.
/// </summary>
internal sealed class IcpHttpTransport
{
    private static readonly MediaTypeHeaderValue Cbor = new("application/cbor");

    private readonly Func<HttpClient> _client;
    private readonly IcpAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public IcpHttpTransport(Func<HttpClient> client, IcpAgentOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public Uri UriFor(string path) => new(_options.Url.AbsoluteUri.TrimEnd('/') + path);

    public Task<HttpReply> PostCborAsync(string path, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<HttpReply> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    private async Task<HttpReply> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        var uri = UriFor(path);
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            HttpReply? reply = null;
            Exception? failure = null;
            TimeSpan? retryAfter = null;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCts.CancelAfter(_options.RequestTimeout);
                try
                {
                    using var request = new HttpRequestMessage(method, uri);
                    if (body is not null)
                    {
                        request.Content = new ByteArrayContent(body);
                        request.Content.Headers.ContentType = Cbor;
                    }
                    using var response = await _client().SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptCts.Token).ConfigureAwait(false);
                    var bytes = await response.Content.ReadAsByteArrayAsync(attemptCts.Token).ConfigureAwait(false);
                    reply = new HttpReply(response.StatusCode, bytes, uri);
                    retryAfter = RetryAfter(response);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new TimeoutException($"no answer within {_options.RequestTimeout}", e);
                }
                catch (HttpRequestException e)
                {
                    failure = e;
                }
            }

            if (reply is not null && !IsTransient(reply.Status)) return reply;
            var what = reply is null ? failure!.Message : $"{(int)reply.Status} {reply.Status}";
            if (attempt >= _options.MaxRetries || (retryAfter is { } ra && ra > _options.MaxRetryAfter))
            {
                AgentLog.GivingUp(_logger, method.Method, uri, attempt + 1, what);
                return reply ?? throw new IcpHttpException(uri, failure!);
            }
            var delay = retryAfter ?? Backoff.Retry(_options.RetryBaseDelay, attempt);
            AgentLog.Retrying(_logger, method.Method, uri, what, delay, attempt + 1);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
