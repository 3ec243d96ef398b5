using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Bridge.Service.Tests;

/// <summary>
/// The test server (<c>BRIDGE_TEST_POSTGRES</c>, exported by <c>.ci/postgres</c>; by default the address that script
/// uses) and a fresh schema per test, so tests run side by side on one database. No server: the tests fail.
/// </summary>
internal static class PostgresTestDatabase
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=55432;Username=postgres;Database=bridge_test";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("BRIDGE_TEST_POSTGRES") is { Length: > 0 } cs ? cs : DefaultConnectionString;

    /// <summary>A new empty schema; the connection string puts it first on the search path.</summary>
    public static string NewSchema() => Schema("t_" + Guid.NewGuid().ToString("N"));

    /// <summary>The schema named after <paramref name="key"/> (created once): a restarted bridge finds its data again.</summary>
    public static string SchemaFor(string key) =>
        Schema("t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]);

    private static string Schema(string name)
    {
        try
        {
            using var c = new NpgsqlConnection(ServerConnectionString);
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {name}", c);
            cmd.ExecuteNonQuery();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at BRIDGE_TEST_POSTGRES ('{ServerConnectionString}'): run `. .ci/postgres` first. {e.Message}", e);
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { SearchPath = name }.ConnectionString;
    }
}
