using Bridge.Core.Protocol;
using Bridge.Core.Receipts;

namespace Bridge.Service.Http;

/// <summary>
/// Reads a JSON request body within a byte limit, in the order of BRIDGE-PROTOCOL.md section 3: 413 when the body is
/// over the limit (decided from Content-Length, or while reading: never more than the limit plus one byte is held),
/// then 415 when the media type is not <c>application/json</c> (only a <c>charset=utf-8</c> parameter is allowed).
/// </summary>
public static class BoundedBody
{
    /// <summary>The body's bytes, or the problem that refuses it.</summary>
    public static async Task<(byte[]? Body, Problem? Problem)> ReadJsonAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength is { } length && length > limit) return (null, TooLarge(limit));
        if (request.ContentLength is { } exact && BodyMediaType.IsJson(request.ContentType))
        {
            // Kestrel ends the body at Content-Length (a shorter body fails the read), so a buffer of exactly that
            // size, once full, is the whole body: no read past it and no copy (a batch's body is a large object).
            var body = new byte[(int)exact];
            int filled = 0;
            while (filled < body.Length)
            {
                int got = await request.Body.ReadAsync(body.AsMemory(filled), ct);
                if (got == 0) return (body.AsSpan(0, filled).ToArray(), null);
                filled += got;
            }
            return (body, null);
        }
        // Capacity never exceeds limit + 1: one byte past the limit is enough to know the body is too large.
        int cap = limit + 1;
        var buffer = new byte[(int)Math.Min(request.ContentLength is { } l ? l + 1 : 16 * 1024, cap)];
        int written = 0;
        while (true)
        {
            if (written == buffer.Length)
            {
                if (buffer.Length == cap) return (null, TooLarge(limit));
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, cap));
            }
            int read = await request.Body.ReadAsync(buffer.AsMemory(written), ct);
            if (read == 0) break;
            written += read;
            if (written > limit) return (null, TooLarge(limit));
        }
        if (!BodyMediaType.IsJson(request.ContentType))
            return (null, new Problem(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType,
                $"Content-Type: '{request.ContentType}' is not application/json (only a charset=utf-8 parameter is allowed)"));
        return (written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray(), null);
    }

    private static Problem TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, ProblemCodes.TooLarge, $"body: over the limit of {limit} bytes");
}
