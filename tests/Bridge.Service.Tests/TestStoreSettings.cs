namespace Bridge.Service.Tests;

/// <summary>The store settings of <see cref="TestBridge"/> in this project: a SQLite file in the bridge's directory.</summary>
internal static class TestStoreSettings
{
    public static Dictionary<string, string> For(string directory) => new()
    {
        ["Store:ConnectionString"] = $"Data Source={Path.Combine(directory, "bridge.db")}",
    };
}
