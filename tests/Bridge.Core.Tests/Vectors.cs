using System.Numerics;
using System.Text.Json;
using Bridge.Core.Nodes;
using Bridge.Core.Receipts;
using Bridge.Core.Signatures;
using Icp.Candid;
using Icp.Testing;

namespace Bridge.Core.Tests;

/// <summary>The bridge conformance vectors (../shared/conformance/bridge) and what the tests build from them.</summary>
internal static class Vectors
{
    private static readonly Dictionary<string, JsonElement> Cache = [];

    public static JsonElement File(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var root))
            {
                var path = Path.Combine(RepositoryPaths.ConformanceFolder("bridge"), name);
                root = JsonDocument.Parse(System.IO.File.ReadAllBytes(path)).RootElement.Clone();
                Cache[name] = root;
            }
            return root;
        }
    }

    public static IEnumerable<JsonElement> Array(string file, string member) => File(file).GetProperty(member).EnumerateArray();

    public static byte[] Hex(this JsonElement e) => Convert.FromHexString(e.GetString()!);

    public static byte[]? HexOrNull(this JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Convert.FromHexString(e.GetString()!);

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static BigInteger Big(this JsonElement e, string name) => BigInteger.Parse(e.Str(name), System.Globalization.CultureInfo.InvariantCulture);

    public static Principal Principal(this JsonElement e, string name) => Icp.Candid.Principal.Parse(e.Str(name));

    public static JsonElement? Opt(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>The body bytes of a case: body_text, padded with spaces when the case says so.</summary>
    public static byte[] Body(JsonElement c)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(c.Str("body_text"));
        if (c.Opt("pad_with_spaces_to_bytes") is { } pad)
        {
            int n = pad.GetInt32();
            var padded = new byte[n];
            bytes.CopyTo(padded, 0);
            padded.AsSpan(bytes.Length).Fill((byte)' ');
            return padded;
        }
        return bytes;
    }

    public static string ContentType(JsonElement c) => c.Opt("content_type")?.GetString() ?? "application/json";

    public static IReadOnlyList<RegisteredNode> Nodes(JsonElement context) =>
        [.. context.GetProperty("nodes").EnumerateArray().Select(n => new RegisteredNode(n.Principal("provider"), n.GetProperty("public_key").Hex(), n.Principal("owner")))];

    public static ReceiptIntakeContext ReceiptContext(string name, ISignatureVerifier verifier)
    {
        var c = File("receipts.json").GetProperty("contexts").GetProperty(name);
        var nodes = Nodes(c);
        var stored = c.GetProperty("accepted").EnumerateArray()
            .ToDictionary(a => (a.Principal("provider"), a.Str("receipt_id")), a => a.GetProperty("receipt_hash").Hex());
        return new ReceiptIntakeContext
        {
            NetworkId = c.Str("network_id"),
            NowNs = ulong.Parse(c.Str("now_ns"), System.Globalization.CultureInfo.InvariantCulture),
            MaxReceiptAgeNs = ulong.Parse(c.Str("max_receipt_age_ns"), System.Globalization.CultureInfo.InvariantCulture),
            FindNode = p => nodes.FirstOrDefault(n => n.Provider == p),
            FindStoredReceiptHash = (p, id) => stored.GetValueOrDefault((p, id)),
            Verifier = verifier,
        };
    }

    public static ISignatureVerifier Verifier(string name) => name switch
    {
        "native" => NativeSignatureVerifier.Instance,
        "bouncycastle" => BouncyCastleSignatureVerifier.Instance,
        _ => throw new ArgumentException(name),
    };

    public static readonly string[] VerifierNames = ["native", "bouncycastle"];
}
