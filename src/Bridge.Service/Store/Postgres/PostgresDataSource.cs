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
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "bridge";
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
