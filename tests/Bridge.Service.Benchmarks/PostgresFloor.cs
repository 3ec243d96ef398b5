using System.Diagnostics;
using System.Globalization;
using Bridge.Core.Protocol;
using Bridge.Service.Store;
using Bridge.Service.Store.Postgres;
using Npgsql;

namespace Bridge.Service.Benchmarks;

/// <summary>
/// What PostgreSQL alone costs per receipt on this machine: the intake's own durable insert
/// (<see cref="PostgresBridgeStore.AddReceiptsAsync"/>: one <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING
/// RETURNING</c> per group, committed with <c>synchronous_commit=on</c>) from one writer, as the group-commit writer
/// sends it, with no HTTP, no signatures and no bridge; the server's processor time (all of its processes, from /proc)
/// over the receipts stored, for the receipts table with only the unique key the insert needs, then with each index
/// added. Each variant gets a new schema and the same receipts; the variants run in turn, <c>rounds</c> times, so
/// the machine's drift between minutes shows as the spread within one variant.
/// </summary>
internal static class PostgresFloor
{
    public const string Mode = "postgres-floor";

    private sealed record Variant(string Name, string Sql);

    private static readonly Variant[] Variants =
    [
        new("unique (provider, receipt_id) only", """
            ALTER TABLE receipts DROP CONSTRAINT receipts_pkey; DROP INDEX receipts_unbatched; DROP INDEX receipts_provider_batched;
            """),
        new("+ primary key (id)", "DROP INDEX receipts_unbatched; DROP INDEX receipts_provider_batched;"),
        new("+ receipts_unbatched (acked_ns) (schema 4, as intake writes it)", ""),
        new("schema 3: unbatched on receipt_hash, (provider, batch) for every row", """
            DROP INDEX receipts_unbatched; DROP INDEX receipts_provider_batched;
            CREATE INDEX receipts_unbatched ON receipts (receipt_hash) WHERE batch IS NULL;
            CREATE INDEX receipts_provider_batch ON receipts (provider, batch);
            """),
    ];

    public static async Task<int> RunAsync(string serverConnectionString, int receipts, int group, int rounds)
    {
        var cpu = DatabaseServerCpu.Find(serverConnectionString)
            ?? throw new InvalidOperationException("the PostgreSQL server does not run on this machine: its processor time cannot be read");
        await using (var check = new NpgsqlConnection(serverConnectionString))
        {
            await check.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit')", check);
            if ((string)(await cmd.ExecuteScalarAsync())! != "on on")
                throw new InvalidOperationException("the server's commits do not wait for the disk (fsync and synchronous_commit must be on): start it with BRIDGE_PG_DURABLE=1 .ci/postgres");
        }
        Console.Error.WriteLine($"signing {receipts + group * 10:N0} receipts ...");
        var workload = LoadWorkload.Create(nodes: 16, count: receipts + group * 10);
        ulong ackedNs = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var stored = workload.Receipts.Select((r, i) => new StoredReceipt(0, r, BridgeHashes.ReceiptHash(r), ackedNs + (ulong)i * 1_000)).ToArray();
        var warmUp = stored[..(group * 10)];
        var measured = stored[(group * 10)..];

        var results = Variants.ToDictionary(v => v.Name, _ => new List<(double Cpu, double Wal, double Wall)>());
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var variant in Variants)
            {
                string schema = "floor_" + Guid.NewGuid().ToString("N")[..12];
                string cs = await CreateSchemaAsync(serverConnectionString, schema, variant.Sql);
                var store = new PostgresBridgeStore(cs, TimeProvider.System);
                await store.MigrateAsync(); // already there: prepares nothing, opens the pool
                foreach (var chunk in warmUp.Chunk(group)) await store.AddReceiptsAsync(chunk);
                long walBefore = await WalAsync(cs);
                var cpuBefore = cpu.ProcessorTime;
                var wall = Stopwatch.StartNew();
                foreach (var chunk in measured.Chunk(group)) await store.AddReceiptsAsync(chunk);
                wall.Stop();
                var cpuAfter = cpu.ProcessorTime;
                long walAfter = await WalAsync(cs);
                double us = (cpuAfter - cpuBefore).TotalMicroseconds / measured.Length;
                double wal = (double)(walAfter - walBefore) / measured.Length;
                results[variant.Name].Add((us, wal, wall.Elapsed.TotalMicroseconds / measured.Length));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}, {variant.Name}: server {us:F1} µs of CPU per receipt, {wal:F0} bytes of WAL, {wall.Elapsed.TotalMicroseconds / measured.Length:F1} µs wall"));
                await store.DisposeAsync();
                await DropSchemaAsync(serverConnectionString, schema);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| receipts table's indexes | server CPU µs per receipt (each round) | median | WAL bytes per receipt | wall µs per receipt (one writer, median) |"));
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var variant in Variants)
        {
            var list = results[variant.Name];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variant.Name} | {string.Join(", ", list.Select(x => x.Cpu.ToString("F1", CultureInfo.InvariantCulture)))} | {Median(list.Select(x => x.Cpu)):F1} | {Median(list.Select(x => x.Wal)):F0} | {Median(list.Select(x => x.Wall)):F1} |"));
        }
        Console.WriteLine();
        Console.WriteLine($"- {measured.Length:N0} receipts per variant and round in groups of {group} (after {warmUp.Length:N0} unmeasured), one writer, fsync=on, synchronous_commit=on");
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<string> CreateSchemaAsync(string server, string schema, string alter)
    {
        await using (var c = new NpgsqlConnection(server))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE SCHEMA {schema}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        string cs = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        var store = new PostgresBridgeStore(cs, TimeProvider.System);
        await store.MigrateAsync();
        await store.DisposeAsync();
        if (alter.Length > 0)
        {
            await using var c = new NpgsqlConnection(cs);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand(alter, c);
            await cmd.ExecuteNonQueryAsync();
        }
        return cs;
    }

    private static async Task DropSchemaAsync(string server, string schema)
    {
        await using var c = new NpgsqlConnection(server);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", c);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> WalAsync(string cs)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint", c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
