using Npgsql;

namespace Bridge.CrashTests.World;

/// <summary>The active role's lease as PostgreSQL has it (<c>bridge_lease</c>): who holds it, its fencing token, whether it is unexpired.</summary>
internal sealed record LeaseRow(string? Holder, long Token, bool Live)
{
    public static async Task<LeaseRow> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT holder, token, expires_at > now() FROM bridge_lease WHERE name = 'active'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return new LeaseRow(null, 0, false);
        return new LeaseRow(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2));
    }

    /// <summary>Waits until the lease is live and <paramref name="holds"/> holds of it; returns it.</summary>
    public static async Task<LeaseRow> WaitAsync(string connectionString, Func<LeaseRow, bool> holds, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            var row = await ReadAsync(connectionString);
            if (row.Live && holds(row)) return row;
            if (DateTime.UtcNow > until) throw new TimeoutException($"the lease did not change as expected in {limit}: {row}");
            await Task.Delay(50);
        }
    }
}
