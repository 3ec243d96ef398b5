namespace Bridge.Service.Configuration;

/// <summary>The <c>Store:*</c> settings.</summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Store";

    /// <summary>The provider name for SQLite, the embedded default.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The provider name for PostgreSQL.</summary>
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The provider's connection string (for SQLite: <c>Data Source=bridge.db</c>); set by <c>--dev</c>.</summary>
    public string? ConnectionString { get; set; }
}
