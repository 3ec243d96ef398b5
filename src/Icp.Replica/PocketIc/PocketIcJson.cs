using System.Globalization;
using System.Text.Json;
using Icp.Candid;
using Microsoft.AspNetCore.Http;

namespace Icp.Replica.PocketIc;

/// <summary>
/// Reading and writing the PocketIC REST API's JSON: byte strings (principals, payloads, blob ids) are base64,
/// 128-bit cycle amounts and 64-bit times are plain JSON numbers, and every error is <c>{"message": ...}</c>.
/// </summary>
internal static class PocketIcJson
{
    /// <summary>The largest JSON body accepted (a wasm module in an install_code payload is at most a few MiB).</summary>
    public const int MaxBodyBytes = 64 * 1024 * 1024;

    private static readonly JsonElement EmptyObject = ParseEmptyObject();

    private static JsonElement ParseEmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    /// <summary>Reads and parses the request body; an empty body is an empty object.</summary>
    /// <exception cref="PocketIcException">The body is too large or not JSON.</exception>
    public static async Task<JsonElement> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        byte[] body = await ReadBytesAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body.Length == 0) return EmptyObject;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw PocketIcException.BadRequest($"Failed to parse the request body as JSON: {e.Message}");
        }
    }

    /// <summary>Reads the request body, refusing more than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) throw TooLarge(limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            int n = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            buffer.Write(chunk, 0, n);
            if (buffer.Length > limit) throw TooLarge(limit);
        }
        return buffer.ToArray();
    }

    private static PocketIcException TooLarge(int limit) => new(413, $"The request body is larger than {limit} bytes.");

    /// <summary>A required property.</summary>
    public static JsonElement Property(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object) throw PocketIcException.BadRequest($"Expected a JSON object with the field `{name}`.");
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw PocketIcException.BadRequest($"Missing field `{name}` in the request body.");
        return value;
    }

    /// <summary>An optional property (absent and <c>null</c> are both missing).</summary>
    public static JsonElement? OptionalProperty(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A base64 string property.</summary>
    public static byte[] Base64(JsonElement obj, string name) => Base64Value(Property(obj, name), name);

    /// <summary>A base64 string value.</summary>
    public static byte[] Base64Value(JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.String) throw PocketIcException.BadRequest($"Field `{what}` must be a base64 string.");
        try { return Convert.FromBase64String(value.GetString()!); }
        catch (FormatException) { throw PocketIcException.BadRequest($"Field `{what}` is not valid base64."); }
    }

    /// <summary>A principal given as base64 bytes.</summary>
    public static Principal PrincipalValue(JsonElement value, string what)
    {
        byte[] bytes = Base64Value(value, what);
        try { return Principal.FromBytes(bytes); }
        catch (ArgumentException e) { throw PocketIcException.BadRequest($"Field `{what}` is not a principal: {e.Message}"); }
    }

    /// <summary>A principal property given as base64 bytes.</summary>
    public static Principal PrincipalProperty(JsonElement obj, string name) => PrincipalValue(Property(obj, name), name);

    /// <summary>A string property.</summary>
    public static string String(JsonElement obj, string name)
    {
        var value = Property(obj, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw PocketIcException.BadRequest($"Field `{name}` must be a string.");
    }

    /// <summary>An unsigned 64-bit number property.</summary>
    public static ulong UInt64(JsonElement obj, string name)
    {
        var value = Property(obj, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out ulong n) ? n
            : throw PocketIcException.BadRequest($"Field `{name}` must be an unsigned 64-bit integer.");
    }

    /// <summary>An unsigned 128-bit number property (cycles), written as a plain JSON number.</summary>
    public static UInt128 UInt128Property(JsonElement obj, string name)
    {
        var value = Property(obj, name);
        return value.ValueKind == JsonValueKind.Number && UInt128.TryParse(value.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw PocketIcException.BadRequest($"Field `{name}` must be an unsigned 128-bit integer.");
    }

    /// <summary>Writes <c>{"name": base64}</c>.</summary>
    public static void WriteBase64Object(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> bytes)
    {
        writer.WriteStartObject();
        writer.WriteBase64String(name, bytes);
        writer.WriteEndObject();
    }

    /// <summary>Writes a 128-bit number as a plain JSON number (the clients parse big integers).</summary>
    public static void WriteUInt128(Utf8JsonWriter writer, string name, UInt128 value)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(value.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
    }

    /// <summary>Writes a byte string as a JSON array of numbers (how serde writes a plain <c>Vec&lt;u8&gt;</c>).</summary>
    public static void WriteByteArray(Utf8JsonWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.WriteStartArray();
        foreach (byte b in bytes) writer.WriteNumberValue(b);
        writer.WriteEndArray();
    }

    /// <summary>Sends a JSON answer.</summary>
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Sends 200 with <c>null</c> (an operation without output, serde's <c>()</c>).</summary>
    public static Task WriteNullAsync(HttpContext context) => WriteAsync(context, 200, w => w.WriteNullValue());

    /// <summary>Sends PocketIC's error shape.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message) => WriteAsync(context, status, w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteEndObject();
    });
}
