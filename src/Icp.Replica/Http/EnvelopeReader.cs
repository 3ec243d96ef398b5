using Icp.Agent.Requests;
using Icp.Candid;
using Microsoft.AspNetCore.Http;

namespace Icp.Replica.Http;

/// <summary>Reads a request body: the content type, the size limit, the time limit, the CBOR envelope and the request type.</summary>
internal static class EnvelopeReader
{
    /// <summary>The largest request the replica accepts (an application subnet's ingress message limit, 2 MiB).</summary>
    public const int MaxRequestBytes = 2 * 1024 * 1024;

    /// <summary>Parses a principal from the URL.</summary>
    /// <exception cref="HttpErrorException">400 when it is not a principal.</exception>
    public static Principal ParsePrincipal(string text, string what)
    {
        try { return Principal.Parse(text); }
        catch (FormatException e) { throw new HttpErrorException(400, $"Invalid {what} \"{text}\": {e.Message}"); }
    }

    /// <summary>
    /// Reads and decodes the envelope of a request of <paramref name="requestType"/>. Everything here runs before the
    /// replica's lock is taken: the body is untrusted, and decoding it must never hold up other requests.
    /// </summary>
    /// <exception cref="HttpErrorException">400 (content type, CBOR, shape), 408 (the body did not arrive within
    /// <paramref name="bodyTimeout"/>), 413 (larger than <see cref="MaxRequestBytes"/>, whatever it holds).</exception>
    public static async Task<Envelope> ReadAsync(HttpRequest request, string requestType, TimeSpan bodyTimeout, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/cbor", StringComparison.OrdinalIgnoreCase))
            throw new HttpErrorException(400, "Unexpected content-type, expected application/cbor.");
        if (request.ContentLength > MaxRequestBytes) throw TooLarge(request.ContentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        byte[] body = await ReadBodyAsync(request, bodyTimeout, cancellationToken).ConfigureAwait(false);
        Envelope envelope;
        try { envelope = Envelope.Decode(body); }
        catch (FormatException e) { throw new HttpErrorException(400, $"Failed to deserialize cbor request: {e.Message}"); }
        if (envelope.Content.RequestType != requestType)
            throw new HttpErrorException(400, $"Failed to deserialize cbor request: unknown variant `{envelope.Content.RequestType}`, expected `{requestType}`");
        return envelope;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan) deadline.CancelAfter(timeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            while (true)
            {
                int n = await request.Body.ReadAsync(chunk, deadline.Token).ConfigureAwait(false);
                if (n == 0) break;
                // Stop reading at the limit: an oversized body is refused whatever it holds, and never buffered whole.
                if (buffer.Length + n > MaxRequestBytes) throw TooLarge($"more than {MaxRequestBytes}");
                buffer.Write(chunk, 0, n);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpErrorException(408, $"Request body was not received within {timeout.TotalSeconds:0.###} seconds ({buffer.Length} bytes arrived).");
        }
        return buffer.ToArray();
    }

    private static HttpErrorException TooLarge(string size) =>
        new(413, $"Request is too large. Message byte size {size} is larger than the max allowed {MaxRequestBytes}.");
}
