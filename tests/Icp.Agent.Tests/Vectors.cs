using System.Numerics;
using System.Text.Json;
using Icp.Agent.Hashing;

namespace Icp.Agent.Tests;

/// <summary>Finds and parses the shared conformance vectors (../shared/conformance/ic next to the repo root).</summary>
internal static class Vectors
{
    private static readonly Lazy<string> Folder = new(() => Icp.Testing.RepositoryPaths.ConformanceFolder("ic"));

    public static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder.Value, file))).RootElement;

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The vector files' tagged value model: blob_hex | text | nat | int | array | map.</summary>
    public static HashableValue Value(JsonElement e)
    {
        var prop = e.EnumerateObject().Single();
        return prop.Name switch
        {
            "blob_hex" => HashableValue.Blob(Hex(prop.Value.GetString()!)),
            "text" => HashableValue.Text(prop.Value.GetString()!),
            "nat" => HashableValue.Nat(BigInteger.Parse(prop.Value.GetString()!)),
            "int" => HashableValue.Int(BigInteger.Parse(prop.Value.GetString()!)),
            "array" => HashableValue.Array(prop.Value.EnumerateArray().Select(Value)),
            "map" => HashableValue.Map(Map(prop.Value)),
            _ => throw new InvalidOperationException("unknown value kind " + prop.Name),
        };
    }

    public static Dictionary<string, HashableValue> Map(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value));
}
