using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Icp.Candid;

namespace Bridge.Client.Json;

/// <summary>
/// Reads the members of the bridge's JSON answers strictly enough to trust them and loosely enough to outlive new
/// members: unknown members are ignored, a missing or ill-typed required member is a <see cref="BridgeResponseException"/>
/// naming it. Integers are decimal strings (a JSON number is accepted too).
/// </summary>
internal readonly struct ResponseReader(JsonElement element, string where)
{
    public JsonElement Element => element;

    public static ResponseReader Object(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Object ? new ResponseReader(element, where) : throw Error(where, "is not a JSON object");

    public bool Has(string name) => element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string String(string name) => StringOrNull(name) ?? throw Error(Path(name), "is missing");

    public string? StringOrNull(string name)
    {
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number => v.GetRawText(),
            _ => throw Error(Path(name), $"is a JSON {v.ValueKind}, not a string"),
        };
    }

    public ulong UInt64(string name) => UInt64OrNull(name) ?? throw Error(Path(name), "is missing");

    public ulong? UInt64OrNull(string name) => StringOrNull(name) is { } s
        ? ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : throw Error(Path(name), $"'{s}' is not a 64-bit natural number")
        : null;

    public BigInteger Nat(string name) => NatOrNull(name) ?? throw Error(Path(name), "is missing");

    public BigInteger? NatOrNull(string name) => StringOrNull(name) is { } s
        ? BigInteger.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Error(Path(name), $"'{s}' is not a natural number")
        : null;

    public byte[] Hex(string name) => HexOrNull(name) ?? throw Error(Path(name), "is missing");

    public byte[]? HexOrNull(string name) => StringOrNull(name) is { } s ? ParseHex(s, Path(name)) : null;

    public Principal Principal(string name)
    {
        string s = String(name);
        return Icp.Candid.Principal.TryParse(s, out var p) ? p : throw Error(Path(name), $"'{s}' is not a principal");
    }

    public IReadOnlyList<T> Array<T>(string name, Func<JsonElement, string, T> item) => ArrayOrNull(name, item) ?? throw Error(Path(name), "is missing");

    public IReadOnlyList<T>? ArrayOrNull<T>(string name, Func<JsonElement, string, T> item)
    {
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return Items(v, Path(name), item);
    }

    public static IReadOnlyList<T> Items<T>(JsonElement array, string where, Func<JsonElement, string, T> item)
    {
        if (array.ValueKind != JsonValueKind.Array) throw Error(where, "is not a JSON array");
        var list = new List<T>(array.GetArrayLength());
        int i = 0;
        foreach (var e in array.EnumerateArray()) list.Add(item(e, $"{where}[{i++}]"));
        return list;
    }

    public static byte[] ParseHex(string s, string where)
    {
        try { return Convert.FromHexString(s); }
        catch (FormatException) { throw Error(where, "is not hex"); }
    }

    public static string HexString(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error(where, "is not a string");

    private string Path(string name) => $"{where}.{name}";

    public static BridgeResponseException Error(string where, string what) => new($"the bridge's answer is not as expected: {where} {what}");
}
