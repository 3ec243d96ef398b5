using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Icp.Testing;

namespace Bridge.Service.Tests;

/// <summary>The bridge vectors (<c>../shared/conformance/bridge</c>): receipts, registrations and their contexts.</summary>
internal static class Conformance
{
    private static readonly Lazy<JsonObject> ReceiptsFile = new(() => Load("receipts.json"));
    private static readonly Lazy<JsonObject> RegistrationFile = new(() => Load("registration.json"));
    private static readonly Lazy<JsonObject> PrincipalsFile = new(() => Load("principals.json"));

    public static JsonObject Principals => PrincipalsFile.Value;

    public static JsonObject Receipts => ReceiptsFile.Value;

    public static JsonObject Registration => RegistrationFile.Value;

    public static IEnumerable<JsonObject> IntakeCases => Receipts["intake"]!.AsArray().Select(n => n!.AsObject());

    public static IEnumerable<JsonObject> RegistrationCases => Registration["cases"]!.AsArray().Select(n => n!.AsObject());

    public static JsonObject IntakeCase(string name) => IntakeCases.Single(c => (string)c["name"]! == name);

    public static JsonObject RegistrationCase(string name) => RegistrationCases.Single(c => (string)c["name"]! == name);

    /// <summary>The registration body of a node (node-a, node-b, node-c) as the vectors give it.</summary>
    public static string RegistrationBody(string nodeKey) =>
        Registration["registrations"]!.AsArray().Single(r => (string)r!["node"]! == nodeKey)!["body"]!.ToJsonString();

    /// <summary>The body of a stored receipt of a context: one of <c>receipts</c>, or an accepted intake case.</summary>
    public static string AcceptedBody(string receiptHash)
    {
        foreach (var r in Receipts["receipts"]!.AsArray())
            if ((string)r!["receipt_hash"]! == receiptHash) return (string)r["body_text"]!;
        foreach (var c in IntakeCases)
            if ((int)c["expected"]!["status"]! == 202 && (string?)c["expected"]!["body"]?["receipt_hash"] == receiptHash) return (string)c["body_text"]!;
        throw new InvalidOperationException($"no body for receipt {receiptHash}");
    }

    public static ulong Nanos(JsonNode? node) => ulong.Parse((string)node!, CultureInfo.InvariantCulture);

    /// <summary>A case's request: <c>body_text</c> padded with spaces to <c>pad_with_spaces_to_bytes</c>, with its content type.</summary>
    public static HttpContent Content(JsonObject testCase)
    {
        var bytes = Encoding.UTF8.GetBytes((string)testCase["body_text"]!);
        if (testCase["pad_with_spaces_to_bytes"] is { } pad)
        {
            int size = (int)pad;
            var padded = new byte[size];
            bytes.CopyTo(padded, 0);
            padded.AsSpan(bytes.Length).Fill((byte)' ');
            bytes = padded;
        }
        return Json(bytes, (string?)testCase["content_type"] ?? "application/json");
    }

    public static HttpContent Json(byte[] bytes, string contentType = "application/json")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    public static HttpContent Json(string text) => Json(Encoding.UTF8.GetBytes(text));

    private static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.ConformanceFolder("bridge"), name)))!.AsObject();

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static MediaTypeHeaderValue? MediaType(HttpResponseMessage response) => response.Content.Headers.ContentType;

    public static bool SameJson(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
