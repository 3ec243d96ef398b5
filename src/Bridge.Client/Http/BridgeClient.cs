using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bridge.Client.Json;
using Bridge.Client.Models;

namespace Bridge.Client.Http;

/// <summary>
/// A typed client of the bridge's HTTP API (BRIDGE-PROTOCOL.md): registration and receipt submission for nodes and
/// requesters, and the read endpoints (receipts with proofs, batches, epochs, rewards, info) for nodes and verifiers.
/// Problem answers become <see cref="BridgeProblemException"/>s carrying <c>code</c> and <c>detail</c>; 429 and 503
/// answers to submissions are retried after <c>Retry-After</c>. Thread-safe; use one per bridge (or let
/// <see cref="BridgeClientServiceCollectionExtensions.AddBridgeClient"/> make it over <see cref="IHttpClientFactory"/>).
/// </summary>
public sealed partial class BridgeClient
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly BridgeClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _base;

    /// <summary>A client over <paramref name="httpClient"/> (not disposed by the client).</summary>
    /// <param name="httpClient">Sends the requests.</param>
    /// <param name="options">The settings; <see cref="BridgeClientOptions.BaseAddress"/> or the client's own base address says where the bridge is.</param>
    /// <param name="timeProvider">The clock retries wait on; the system clock by default.</param>
    /// <exception cref="ArgumentException">Neither gives an absolute base address, or a setting is out of range.</exception>
    public BridgeClient(HttpClient httpClient, BridgeClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _options = options ?? new BridgeClientOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        var address = _options.BaseAddress ?? httpClient.BaseAddress
            ?? throw new ArgumentException("the bridge's address is unknown: set BridgeClientOptions.BaseAddress or HttpClient.BaseAddress", nameof(options));
        if (!address.IsAbsoluteUri) throw new ArgumentException($"the bridge's address '{address}' is not absolute", nameof(options));
        // A trailing slash keeps a path prefix (http://host/bridge/) when the endpoints' relative paths are resolved.
        _base = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }

    /// <summary>The bridge's address.</summary>
    public Uri BaseAddress => _base;

    private Uri Address(string relative) => new(_base, relative);

    private static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>One exchange: status, headers and the body, read whole (up to the configured bound).</summary>
    private sealed record Answer(HttpStatusCode Status, byte[] Body, TimeSpan? RetryAfter, string? MediaType)
    {
        public int Code => (int)Status;

        public JsonElement Json()
        {
            try { return JsonDocument.Parse(Body).RootElement; }
            catch (JsonException e) { throw new BridgeResponseException($"the bridge answered {Code} with a body that is not JSON: {e.Message}", e); }
        }
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, Address(path));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonType;
        }
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("application/problem+json");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        var bytes = await ReadBoundedAsync(response.Content, ct).ConfigureAwait(false);
        return new Answer(response.StatusCode, bytes, RetryAfterOf(response), response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        int limit = _options.MaxResponseBytes;
        if (content.Headers.ContentLength is { } length && length > limit)
            throw new BridgeResponseException($"the bridge's answer has {length} bytes, over the limit of {limit} (BridgeClientOptions.MaxResponseBytes)");
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new BridgeResponseException($"the bridge's answer is over the limit of {limit} bytes (BridgeClientOptions.MaxResponseBytes)");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - _time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }

    /// <summary>Sends again while the bridge answers 429 or 503, waiting as it says (or backing off), up to the retry limit.</summary>
    private async Task<Answer> SendWithRetriesAsync(HttpMethod method, string path, byte[]? body, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            var answer = await SendAsync(method, path, body, ct).ConfigureAwait(false);
            if (!IsRetryable(answer.Code) || attempt >= _options.MaxRetries) return answer;
            await Task.Delay(RetryDelay(answer.RetryAfter, attempt), _time, ct).ConfigureAwait(false);
        }
    }

    private static bool IsRetryable(int status) => status is 429 or 503;

    private TimeSpan RetryDelay(TimeSpan? retryAfter, int attempt)
    {
        var wait = retryAfter ?? _options.RetryBaseDelay * Math.Pow(2, Math.Min(attempt, 16));
        return wait > _options.MaxRetryDelay ? _options.MaxRetryDelay : wait;
    }

    /// <summary>The problem in an error answer; a body that is not a problem document still gives the status.</summary>
    private static BridgeProblemException Problem(Answer answer)
    {
        string code = answer.Code switch { 404 => "not_found", 429 => "overloaded", 503 => "unavailable", _ => "http_" + answer.Code };
        string? detail = null;
        try
        {
            using var doc = JsonDocument.Parse(answer.Body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String) code = c.GetString()!;
                if (doc.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) detail = d.GetString();
            }
        }
        catch (JsonException)
        {
            detail = answer.Body.Length == 0 ? null : "the answer is not a problem document";
        }
        return new BridgeProblemException(new BridgeProblem(answer.Code, code, detail), answer.RetryAfter);
    }

    /// <summary>The JSON of a 2xx answer; any other status is thrown as its problem.</summary>
    private static JsonElement Expect(Answer answer, params int[] statuses)
    {
        if (!statuses.Contains(answer.Code))
        {
            if (answer.Code >= 400) throw Problem(answer);
            throw new BridgeResponseException($"the bridge answered {answer.Code}; expected {string.Join(" or ", statuses)}");
        }
        return answer.Json();
    }

    /// <summary>The JSON of a 200 answer, or null for 404.</summary>
    private static JsonElement? OkOrNotFound(Answer answer) => answer.Code == 404 ? null : Expect(answer, 200);
}
