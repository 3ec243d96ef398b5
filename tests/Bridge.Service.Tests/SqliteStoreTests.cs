using Bridge.Core.Nodes;
using Bridge.Service.Store;
using Bridge.Service.Store.Sqlite;
using Icp.Candid;
using Microsoft.Data.Sqlite;

namespace Bridge.Service.Tests;

/// <summary>The SQLite store: migrations applied once and forward only, WAL, data kept across reopening, outbox rules.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bridge-store-" + Guid.NewGuid().ToString("N"));

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "bridge.db")}";

    public SqliteStoreTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Every_connection_new_or_pooled_has_the_configured_page_cache()
    {
        var store = new SqliteBridgeStore(ConnectionString, TimeProvider.System);
        await store.MigrateAsync();
        Assert.Equal(64 * 1024, await store.GetCacheKiBAsync());
        Assert.Equal(64 * 1024, await store.GetCacheKiBAsync()); // the pooled connection kept it
        SqliteConnection.ClearAllPools();
        var small = new SqliteBridgeStore(ConnectionString, TimeProvider.System, cacheMiB: 8);
        Assert.Equal(8 * 1024, await small.GetCacheKiBAsync()); // a new native connection gets it too
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteBridgeStore(ConnectionString, TimeProvider.System, cacheMiB: 0));
    }

    [Fact]
    public async Task Migrations_run_once_in_WAL_mode_and_a_reopened_store_keeps_its_data()
    {
        var store = new SqliteBridgeStore(ConnectionString, TimeProvider.System);
        await store.MigrateAsync();
        await store.MigrateAsync();
        Assert.Equal(SqliteMigrations.All[^1].Version, await store.GetSchemaVersionAsync());
        var node = new RegisteredNode(Principal.SelfAuthenticating([1, 2, 3]), [1, 2, 3], Principal.Anonymous);
        Assert.True((await store.AddNodeAsync(node, 5)).Created);
        Assert.False((await store.AddNodeAsync(node with { Owner = Principal.ManagementCanister }, 6)).Created);

        SqliteConnection.ClearAllPools();
        var reopened = new SqliteBridgeStore(ConnectionString, TimeProvider.System);
        await reopened.MigrateAsync();
        var stored = await reopened.GetNodeAsync(node.Provider);
        Assert.Equal(Principal.Anonymous, stored!.Owner);

        await using var c = new SqliteConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode; SELECT COUNT(*) FROM schema_version;";
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("wal", r.GetString(0));
        Assert.True(await r.NextResultAsync() && await r.ReadAsync());
        Assert.Equal(SqliteMigrations.All.Count, r.GetInt64(0));
    }

    [Fact]
    public async Task An_outbox_entry_is_kept_until_it_expired_and_only_then_replaced()
    {
        var store = new SqliteBridgeStore(ConnectionString, TimeProvider.System);
        await store.MigrateAsync();
        var first = await store.AddOutboxAsync(new OutboxEntry("submit_batch", "1", [1], [10], 1));
        var again = await store.AddOutboxAsync(new OutboxEntry("submit_batch", "1", [2], [20], 2));
        Assert.Equal(first.RequestId, again.RequestId);
        Assert.Equal(new byte[] { 10 }, again.Envelope);

        await store.CompleteOutboxAsync("submit_batch", "1", "expired", null);
        var replaced = await store.AddOutboxAsync(new OutboxEntry("submit_batch", "1", [3], [30], 3));
        Assert.Equal(new byte[] { 3 }, replaced.RequestId);
        Assert.Null(replaced.Outcome);

        await store.CompleteOutboxAsync("submit_batch", "1", "replied", [7]);
        var kept = await store.AddOutboxAsync(new OutboxEntry("submit_batch", "1", [4], [40], 4));
        Assert.Equal(new byte[] { 3 }, kept.RequestId);
        Assert.Equal(new byte[] { 7 }, kept.Reply);
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_is_unavailable_not_a_crash()
    {
        var store = new SqliteBridgeStore($"Data Source={Path.Combine(_directory, "missing", "dir", "bridge.db")}", TimeProvider.System);
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.PingAsync());
        Assert.Contains("SQLite", error.Message);
    }
}
