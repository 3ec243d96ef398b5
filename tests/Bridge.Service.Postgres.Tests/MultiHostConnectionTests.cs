using Bridge.Service.Store;
using Bridge.Service.Store.Postgres;
using Npgsql;

namespace Bridge.Service.Tests;

/// <summary>Multi-host connection strings go through Npgsql's multi-host data source: a dead host is passed over, and the session attributes are kept.</summary>
public sealed class MultiHostConnectionTests
{
    private static string WithHosts(string targetSession)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresTestDatabase.NewSchema());
        // Port 1 on loopback refuses at once: the first host is down.
        builder.Host = $"127.0.0.1:1,{builder.Host}:{builder.Port}";
        builder.TargetSessionAttributes = targetSession;
        return builder.ConnectionString;
    }

    [Fact]
    public async Task The_store_reaches_the_primary_past_a_host_that_is_down()
    {
        await using var store = new PostgresBridgeStore(WithHosts("primary"), TimeProvider.System);
        await store.MigrateAsync();
        await store.AddNodeAsync(StoreFixtures.Node, 1);
        Assert.Equal(1, (await store.CountAsync()).Nodes);
    }

    [Fact]
    public async Task A_store_that_wants_a_standby_finds_none_and_says_it_is_unavailable()
    {
        await using var store = new PostgresBridgeStore(WithHosts("standby"), TimeProvider.System);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync());
    }
}
