using Bridge.Service.Store;
using Bridge.Service.Store.Postgres;
using Bridge.Service.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Bridge.Service.Tests.StoreFixtures;

namespace Bridge.Service.Tests;

/// <summary>
/// Schema version 4 on both stores: intake writes the unique key and an unbatched index in acked_ns order only, and
/// (provider, batch) only for batched rows. A store upgraded from version 3 with receipts and a batch in it answers as
/// before, and the batcher's and explorer's reads still go through an index (their query plans name it).
/// </summary>
public abstract class ReceiptIndexesContract
{
    private const int PreviousVersion = 3;

    /// <summary>A new store with the migrations applied up to <paramref name="version"/>.</summary>
    protected abstract Task<IBridgeStore> CreateAtVersionAsync(int version);

    /// <summary>The schema version <paramref name="store"/> reports.</summary>
    protected abstract Task<long> SchemaVersionAsync(IBridgeStore store);

    /// <summary>The plan of <paramref name="sql"/> over the store's own receipts, as text (sequential scans disfavoured on PostgreSQL).</summary>
    protected abstract Task<string> ExplainAsync(IBridgeStore store, string sql, params (string Name, object? Value)[] parameters);

    /// <summary>The store's indexes on receipts, name → definition (lower case).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> ReceiptIndexesAsync(IBridgeStore store);

    /// <summary>The batcher's read, the node summary and the node batches queries in the store's own parameter syntax.</summary>
    protected abstract (string Unbatched, string NodeSummary, string NodeBatches) Queries { get; }

    /// <summary>The parameter prefix (<c>$</c> or <c>@</c>-less for Npgsql).</summary>
    protected abstract string Parameter(string name);

    [Fact]
    public async Task Upgrading_from_version_3_keeps_receipts_batches_and_every_answer_of_the_batcher_and_explorer()
    {
        var store = await CreateAtVersionAsync(PreviousVersion);
        await store.AddNodeAsync(Node, 5);
        var added = await store.AddReceiptsAsync([.. Enumerable.Range(1, 5).Select(i => Receipt($"r{i}", ackedNs: (ulong)i * 1_000))]);
        await store.AddBatchAsync(Batch(1, 2), [(added[0].Stored.Id, [1]), (added[1].Stored.Id, [2])]);

        var summaryBefore = await store.GetNodeSummaryAsync(Provider);
        var batchesBefore = await store.GetNodeBatchesAsync(Provider, 10);
        var unbatchedBefore = (await store.GetUnbatchedReceiptsAsync(10_000, 10)).Select(r => r.Receipt.ReceiptId).ToList();
        Assert.Equal((5L, 2L), (summaryBefore!.Receipts, summaryBefore.BatchedReceipts));

        await store.MigrateAsync();
        Assert.Equal(4, await SchemaVersionAsync(store));
        var indexes = await ReceiptIndexesAsync(store);
        Assert.DoesNotContain("receipts_provider_batch", indexes.Keys);
        Assert.Contains("batch is not null", indexes["receipts_provider_batched"]);
        Assert.Contains("acked_ns", indexes["receipts_unbatched"]);
        Assert.Contains("batch is null", indexes["receipts_unbatched"]);

        var summaryAfter = await store.GetNodeSummaryAsync(Provider);
        Assert.Equal((summaryBefore.RegisteredNs, 5L, 2L), (summaryAfter!.RegisteredNs, summaryAfter.Receipts, summaryAfter.BatchedReceipts));
        Assert.Equal(batchesBefore, await store.GetNodeBatchesAsync(Provider, 10));
        Assert.Equal(unbatchedBefore, (await store.GetUnbatchedReceiptsAsync(10_000, 10)).Select(r => r.Receipt.ReceiptId).ToList());
        Assert.Equal(["r3"], (await store.GetUnbatchedReceiptsAsync(3_500, 10)).Select(r => r.Receipt.ReceiptId));

        // Rows taken and cut after the upgrade enter the new indexes.
        var later = await store.AddReceiptsAsync([Receipt("r6", ackedNs: 6_000)]);
        Assert.Contains("r6", (await store.GetUnbatchedReceiptsAsync(10_000, 10)).Select(r => r.Receipt.ReceiptId));
        await store.AddBatchAsync(Batch(2, 2, windowEnd: 7_000), [(added[2].Stored.Id, [3]), (later[0].Stored.Id, [4])]);
        var summary = await store.GetNodeSummaryAsync(Provider);
        Assert.Equal((6L, 4L), (summary!.Receipts, summary.BatchedReceipts));
        Assert.Equal([new NodeBatchShare(2, 2), new NodeBatchShare(1, 2)], await store.GetNodeBatchesAsync(Provider, 10));
        Assert.Equal(["r4", "r5"], (await store.GetUnbatchedReceiptsAsync(10_000, 10)).Select(r => r.Receipt.ReceiptId).Order());
    }

    [Fact]
    public async Task The_batcher_and_the_explorer_read_receipts_through_an_index()
    {
        var store = await CreateAtVersionAsync(int.MaxValue);
        await store.AddNodeAsync(Node, 5);
        var added = await store.AddReceiptsAsync([.. Enumerable.Range(1, 50).Select(i => Receipt($"r{i}", ackedNs: (ulong)i * 1_000))]);
        await store.AddBatchAsync(Batch(1, 2), [(added[0].Stored.Id, [1]), (added[1].Stored.Id, [2])]);
        var (unbatched, summary, batches) = Queries;
        var provider = Provider.ToArray();

        Assert.Contains("receipts_unbatched", await ExplainAsync(store, unbatched, (Parameter("cut"), 10_000UL), (Parameter("n"), 10)));
        var summaryPlan = await ExplainAsync(store, summary, (Parameter("p"), provider));
        Assert.Contains("receipts_provider_batched", summaryPlan);
        Assert.DoesNotContain("scan receipts\n", summaryPlan.ToLowerInvariant() + "\n"); // SQLite's full-table scan
        Assert.Contains("receipts_provider_batched", await ExplainAsync(store, batches, (Parameter("p"), provider), (Parameter("k"), 10)));
    }
}

/// <summary>Schema version 4 on SQLite.</summary>
public sealed class SqliteReceiptIndexesTests : ReceiptIndexesContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "bridge-indexes-" + Guid.NewGuid().ToString("N") + ".db");

    private string ConnectionString => $"Data Source={_path}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    protected override async Task<IBridgeStore> CreateAtVersionAsync(int version)
    {
        var store = new SqliteBridgeStore(ConnectionString, TimeProvider.System);
        await store.MigrateAsync(version);
        return store;
    }

    protected override Task<long> SchemaVersionAsync(IBridgeStore store) => ((SqliteBridgeStore)store).GetSchemaVersionAsync();

    protected override (string, string, string) Queries =>
        ($"SELECT {StoreRows.ReceiptColumns} FROM receipts {SqliteBridgeStore.UnbatchedWhere}", SqliteBridgeStore.NodeSummaryQuery,
            SqliteBridgeStore.NodeBatchesQuery);

    protected override string Parameter(string name) => "$" + name;

    protected override async Task<string> ExplainAsync(IBridgeStore store, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var c = new SqliteConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value is ulong u ? u.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) : value);
        await using var r = await cmd.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await r.ReadAsync()) lines.Add(r.GetString(3));
        return string.Join('\n', lines);
    }

    protected override async Task<IReadOnlyDictionary<string, string>> ReceiptIndexesAsync(IBridgeStore store)
    {
        await using var c = new SqliteConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'receipts'";
        await using var r = await cmd.ExecuteReaderAsync();
        var indexes = new Dictionary<string, string>();
        while (await r.ReadAsync()) indexes[r.GetString(0)] = r.GetString(1).ToLowerInvariant();
        return indexes;
    }
}

/// <summary>Schema version 4 on PostgreSQL.</summary>
public sealed class PostgresReceiptIndexesTests : ReceiptIndexesContract
{
    private readonly string _connectionString = PostgresTestDatabase.NewSchema();

    protected override async Task<IBridgeStore> CreateAtVersionAsync(int version)
    {
        var store = new PostgresBridgeStore(_connectionString, TimeProvider.System);
        await store.MigrateAsync(version);
        Assert.NotNull(await store.TryAcquireLeaseAsync("indexes", TimeSpan.FromMinutes(5)));
        return store;
    }

    protected override Task<long> SchemaVersionAsync(IBridgeStore store) => ((PostgresBridgeStore)store).GetSchemaVersionAsync();

    protected override (string, string, string) Queries =>
        (PostgresBridgeStore.UnbatchedQuery, PostgresBridgeStore.NodeSummaryQuery, PostgresBridgeStore.NodeBatchesQuery);

    protected override string Parameter(string name) => name;

    protected override async Task<string> ExplainAsync(IBridgeStore store, string sql, params (string Name, object? Value)[] parameters)
    {
        // A table of a few rows is read fastest in full: with sequential scans priced out, the plan shows whether an
        // index can serve the query at all (it is the plan a large table gets).
        await using var c = new NpgsqlConnection(_connectionString);
        await c.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("SET LOCAL enable_seqscan = off", c, tx)) await off.ExecuteNonQueryAsync();
        await using var cmd = PostgresCommands.Command(c, tx, "EXPLAIN " + sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await r.ReadAsync()) lines.Add(r.GetString(0));
        var plan = string.Join('\n', lines);
        Assert.DoesNotContain("Seq Scan on receipts", plan);
        return plan;
    }

    protected override async Task<IReadOnlyDictionary<string, string>> ReceiptIndexesAsync(IBridgeStore store)
    {
        await using var c = new NpgsqlConnection(_connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'receipts' AND schemaname = current_schema()", c);
        await using var r = await cmd.ExecuteReaderAsync();
        var indexes = new Dictionary<string, string>();
        while (await r.ReadAsync()) indexes[r.GetString(0)] = r.GetString(1).ToLowerInvariant();
        return indexes;
    }
}
