using System.Text.Json;

namespace Icp.Bls12381.Tests;

/// <summary>Locates and loads the shared IC conformance vectors.</summary>
internal static class Conformance
{
    internal static string Directory { get; } = Icp.Testing.RepositoryPaths.ConformanceFolder("ic");

    internal static JsonElement Load(string relativePath) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, relativePath))).RootElement;

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);
}
