using System.Buffers;
using Microsoft.Net.Http.Headers;

namespace Bridge.Service.Http;

/// <summary>
/// Reads a JSON request body within a byte limit, in the order of BRIDGE-PROTOCOL.md section 3: 413 when the body is
/// over the limit (decided from Content-Length, or while reading: never more than the limit plus one byte is held),
/// then 415 when the media type is not <c>application/json</c> (only a <c>charset=utf-8</c> parameter is allowed).
/// </summary>
public static class BoundedBody
{
    /// <summary>The limit of a receipt or registration body: 64 KiB.</summary>
    public const int SingleLimit = 64 * 1024;

    /// <summary>The limit of a receipt batch body: 4 MiB.</summary>
    public const int BatchLimit = 4 * 1024 * 1024;

    /// <summary>The body's bytes, or the problem that refuses it.</summary>
    public static async Task<(byte[]? Body, Problem? Problem)> ReadJsonAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength is { } length && length > limit) return (null, TooLarge(limit));
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is { } l ? (int)Math.Max(l, 1) : 4096);
        while (true)
        {
            var span = buffer.GetMemory(Math.Min(16 * 1024, limit + 1 - buffer.WrittenCount));
            int read = await request.Body.ReadAsync(span, ct);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) return (null, TooLarge(limit));
        }
        if (!IsJson(request.ContentType, out string why))
            return (null, new Problem(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, why));
        return (buffer.WrittenSpan.ToArray(), null);
    }

    private static Problem TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, ProblemCodes.TooLarge, $"body: over the limit of {limit} bytes");

    /// <summary>Whether a Content-Type is <c>application/json</c>, optionally with <c>charset=utf-8</c> and nothing else.</summary>
    public static bool IsJson(string? contentType, out string why)
    {
        if (string.IsNullOrEmpty(contentType)) { why = "Content-Type: missing (application/json expected)"; return false; }
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            why = $"Content-Type: '{contentType}' is not application/json";
            return false;
        }
        foreach (var p in media.Parameters)
        {
            bool charsetUtf8 = p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                && HeaderUtilities.RemoveQuotes(p.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase);
            if (!charsetUtf8) { why = $"Content-Type: the parameter '{p.Name}' is not allowed (only charset=utf-8)"; return false; }
        }
        why = "";
        return true;
    }
}
