namespace Bridge.Service.Tests;

/// <summary>The store settings of the linked <see cref="TestBridge"/> in this project: PostgreSQL, one schema per bridge directory.</summary>
internal static class TestStoreSettings
{
    public static Dictionary<string, string> For(string directory) => new()
    {
        ["Store:Provider"] = "postgres",
        ["Store:ConnectionString"] = PostgresTestDatabase.SchemaFor(directory),
    };
}
