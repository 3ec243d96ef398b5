using Icp.Agent.Requests;
using Icp.Candid;
using Microsoft.AspNetCore.Http;

namespace Icp.Replica.Http;

/// <summary>Reads a request body: the content type, the size limit, the CBOR envelope and the request type.</summary>
internal static class EnvelopeReader
{
    /// <summary>The largest request the replica accepts (an application subnet's ingress message limit, 2 MiB).</summary>
    public const int MaxRequestBytes = 2 * 1024 * 1024;

    // Bodies up to this size are read (to name the request in the 413 answer); larger ones are refused unread.
    private const int MaxReadBytes = 8 * 1024 * 1024;

    /// <summary>Parses a principal from the URL.</summary>
    /// <exception cref="HttpErrorException">400 when it is not a principal.</exception>
    public static Principal ParsePrincipal(string text, string what)
    {
        try { return Principal.Parse(text); }
        catch (FormatException e) { throw new HttpErrorException(400, $"Invalid {what} \"{text}\": {e.Message}"); }
    }

    /// <summary>Reads and decodes the envelope of a request of <paramref name="requestType"/>.</summary>
    /// <exception cref="HttpErrorException">400 (content type, CBOR, shape), 413 (too large).</exception>
    public static async Task<Envelope> ReadAsync(HttpRequest request, string requestType, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/cbor", StringComparison.OrdinalIgnoreCase))
            throw new HttpErrorException(400, "Unexpected content-type, expected application/cbor.");
        if (request.ContentLength > MaxReadBytes) throw TooLarge(null, request.ContentLength.Value);
        byte[] body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        Envelope envelope;
        try { envelope = Envelope.Decode(body); }
        catch (FormatException e) { throw new HttpErrorException(400, $"Failed to deserialize cbor request: {e.Message}"); }
        if (envelope.Content.RequestType != requestType)
            throw new HttpErrorException(400, $"Failed to deserialize cbor request: unknown variant `{envelope.Content.RequestType}`, expected `{requestType}`");
        if (body.Length > MaxRequestBytes) throw TooLarge(Convert.ToHexStringLower(envelope.Content.RequestId.Bytes), body.Length);
        return envelope;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            int n = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxReadBytes) throw TooLarge(null, buffer.Length);
        }
        return buffer.ToArray();
    }

    private static HttpErrorException TooLarge(string? requestId, long size) => new(413, requestId is null
        ? $"Request is too large. Message byte size {size} is larger than the max allowed {MaxRequestBytes}."
        : $"Request {requestId} is too large. Message byte size {size} is larger than the max allowed {MaxRequestBytes}.");
}
