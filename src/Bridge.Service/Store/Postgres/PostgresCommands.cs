using System.Numerics;
using Npgsql;
using NpgsqlTypes;

namespace Bridge.Service.Store.Postgres;

/// <summary>Commands and typed reads for the PostgreSQL store: naturals travel as <c>numeric</c>, exactly.</summary>
internal static class PostgresCommands
{
    public static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (name, value) in parameters) cmd.Parameters.Add(Parameter(name, value));
        return cmd;
    }

    private static NpgsqlParameter Parameter(string name, object? value) => value switch
    {
        null => new NpgsqlParameter(name, DBNull.Value),
        ulong u => new NpgsqlParameter(name, NpgsqlDbType.Numeric) { Value = (decimal)u },
        UInt128 u => new NpgsqlParameter(name, NpgsqlDbType.Numeric) { Value = (BigInteger)u },
        BigInteger b => new NpgsqlParameter(name, NpgsqlDbType.Numeric) { Value = b },
        _ => new NpgsqlParameter(name, value),
    };

    public static async Task<int> Exec(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(c, tx, sql, parameters);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object?> Scalar(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(c, tx, sql, parameters);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    public static ulong U64(this NpgsqlDataReader r, int i) => (ulong)r.GetDecimal(i);

    public static ulong? U64OrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : (ulong)r.GetDecimal(i);

    public static BigInteger Big(this NpgsqlDataReader r, int i) => r.GetFieldValue<BigInteger>(i);

    public static BigInteger? BigOrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<BigInteger>(i);

    public static byte[]? BytesOrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : (byte[])r[i];

    public static string? TextOrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
