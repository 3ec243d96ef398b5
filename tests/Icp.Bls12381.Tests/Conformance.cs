using System.Text.Json;

namespace Icp.Bls12381.Tests;

/// <summary>Locates and loads the shared IC conformance vectors.</summary>
internal static class Conformance
{
    internal static string Directory { get; } = Locate();

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new InvalidOperationException("Bridge.sln not found above " + AppContext.BaseDirectory);
        }
        string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "ic"));
        if (!System.IO.Directory.Exists(path))
        {
            throw new InvalidOperationException("Conformance data missing: " + path);
        }
        return path;
    }

    internal static JsonElement Load(string relativePath) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, relativePath))).RootElement;

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);
}
