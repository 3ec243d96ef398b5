namespace Bridge.Service.Tests;

/// <summary>The store the linked <see cref="TestBridge"/> runs on in this program: chosen by <c>--store</c>.</summary>
internal static class TestStoreSettings
{
    public static bool Postgres { get; set; }

    public static Dictionary<string, string> For(string directory) => Postgres
        ? new() { ["Store:Provider"] = "postgres", ["Store:ConnectionString"] = PostgresTestDatabase.SchemaFor(directory) }
        : new() { ["Store:ConnectionString"] = $"Data Source={Path.Combine(directory, "bridge.db")}" };
}
