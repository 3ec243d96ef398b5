using Npgsql;

namespace Bridge.Service.Store.Postgres;

/// <summary>
/// Makes the pooled <see cref="NpgsqlDataSource"/> of a connection string. Several hosts (<c>Host=a,b:5433</c>) give
/// Npgsql's multi-host data source: it tries them in order (or spreads over them with <c>Load Balance Hosts=true</c>)
/// and keeps to the servers that fit <c>Target Session Attributes</c> (<c>primary</c> for the bridge, which writes:
/// after a failover it finds the new primary by itself).
/// </summary>
internal static class PostgresDataSource
{
    /// <summary>How long a session may sit idle inside a transaction before the server ends it (and its locks): 5 s, unless the connection string's <c>Options</c> set it.</summary>
    public const int IdleInTransactionTimeoutMs = 5_000;

    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "bridge";
        // A fenced write holds the lease row FOR SHARE until it commits: were its process frozen mid-transaction (SIGSTOP,
        // a VM pause), the takeover's UPDATE of that row would wait for ever. The server ends such a session instead.
        if (builder.ConnectionStringBuilder.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal) != true)
            builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c idle_in_transaction_session_timeout={IdleInTransactionTimeoutMs}".Trim();
        if (builder.ConnectionStringBuilder.Host?.Contains(',', StringComparison.Ordinal) != true) return builder.Build();
        var multiHost = builder.BuildMultiHost();
        return builder.ConnectionStringBuilder.TargetSessionAttributes is { Length: > 0 } attributes
            ? multiHost.WithTargetSession(ParseTargetSession(attributes))
            : multiHost;
    }

    private static TargetSessionAttributes ParseTargetSession(string text) => text.Trim().ToLowerInvariant() switch
    {
        "any" => TargetSessionAttributes.Any,
        "primary" => TargetSessionAttributes.Primary,
        "standby" => TargetSessionAttributes.Standby,
        "prefer-primary" => TargetSessionAttributes.PreferPrimary,
        "prefer-standby" => TargetSessionAttributes.PreferStandby,
        "read-write" => TargetSessionAttributes.ReadWrite,
        "read-only" => TargetSessionAttributes.ReadOnly,
        _ => throw new ArgumentException($"Store:ConnectionString: 'Target Session Attributes' is '{text}', not one of any, primary, standby, prefer-primary, prefer-standby, read-write, read-only"),
    };
}
