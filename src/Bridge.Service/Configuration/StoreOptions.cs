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

    /// <summary>The default of <see cref="SqliteCacheMiB"/>.</summary>
    public const int DefaultSqliteCacheMiB = 64;

    /// <summary>
    /// SQLite only: the page cache of each pooled connection, in MiB (default 64; SQLite's own default is 2). Intake
    /// inserts land all over the receipts table's hash-keyed indexes, so a cache that holds them saves a read per insert.
    /// </summary>
    public int SqliteCacheMiB { get; set; } = DefaultSqliteCacheMiB;

    /// <summary>The provider's connection string (for SQLite: <c>Data Source=bridge.db</c>); set by <c>--dev</c>.</summary>
    public string? ConnectionString { get; set; }
}
